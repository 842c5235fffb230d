package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.run.NetMode;
import io.jaci.core.run.Runtime;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one build that its steps share: the Dockerfile and its build args, the
 * context, the store side ({@link StepImages}), the options, the stages built so far, and a
 * work area (layouts, downloads, temporary mounts) removed at the end.
 */
final class BuildSession {
  private final Dockerfile dockerfile;
  private final BuildArgs args;
  private final BuildContext context;
  private final StepImages images;
  private final DockerfileBuild.Options options;
  private final Map<String, StageBuilder.Result> stages = new HashMap<>();
  private final Map<String, Path> imageLayouts = new HashMap<>();
  private int temporaries;
  private ContextHashes contextHashes;

  BuildSession(Dockerfile dockerfile, BuildArgs args, BuildContext context, StepImages images,
      DockerfileBuild.Options options) {
    this.dockerfile = dockerfile;
    this.args = args;
    this.context = context;
    this.images = images;
    this.options = options;
  }

  Dockerfile dockerfile() {
    return dockerfile;
  }

  BuildArgs args() {
    return args;
  }

  BuildContext context() {
    return context;
  }

  /**
   * The hash of what {@code plan} reads from the build context ({@link CopyPlan#hash}), its
   * files' content hashes taken from those kept in the store where they still hold, and the
   * new ones kept ({@link ContextHashes}).
   */
  String contextHash(CopyPlan plan) throws JaciException {
    if (contextHashes == null) {
      contextHashes = ContextHashes.load(images.store().root(), context.root());
    }
    String hash = plan.hash(contextHashes);
    contextHashes.save();
    return hash;
  }

  StepImages images() {
    return images;
  }

  DockerfileBuild.Listener listener() {
    return options.listener();
  }

  boolean noCache() {
    return options.noCache();
  }

  NetMode network() {
    return options.network();
  }

  Map<String, Path> secrets() {
    return options.secrets();
  }

  Path pods() {
    return options.pods();
  }

  Runtime runtime() {
    return options.runtime();
  }

  /** Notes a built stage under its index and name. */
  void stageBuilt(Stage stage, StageBuilder.Result result) {
    stages.put(String.valueOf(stage.index()), result);
    if (stage.name() != null) {
      stages.put(stage.name(), result);
    }
  }

  /** The earlier stage {@code nameOrIndex} names, or null. */
  StageBuilder.Result stage(String nameOrIndex) {
    return stages.get(nameOrIndex.toLowerCase(java.util.Locale.ROOT));
  }

  /** The image a {@code --from} names: an earlier stage's last image, or an image. */
  ImageId imageOf(String from) throws JaciException {
    StageBuilder.Result s = stage(from);
    if (s != null) {
      return s.image();
    }
    try {
      return options.baseImages().resolve(from);
    } catch (JaciException e) {
      List<String> names = dockerfile.stages().stream().map(Stage::name)
          .filter(java.util.Objects::nonNull).toList();
      throw new JaciException("--from=" + from + ": no earlier stage of that name, and "
          + e.getMessage() + Suggest.didYouMean(from, names), e);
    }
  }

  /** The tree of a stage or image as a source of {@code --from} (rendered when needed). */
  BuildContext contextOf(String from) throws JaciException {
    StageBuilder.Result s = stage(from);
    if (s != null && s.layout() != null) {
      return BuildContext.ofStage(s.layout().resolve("rootfs"));
    }
    ImageId id = imageOf(from);
    Path layout = imageLayouts.get(id.toString());
    if (layout == null) {
      layout = images.begin(id);
      imageLayouts.put(id.toString(), layout);
    }
    return BuildContext.ofStage(layout.resolve("rootfs"));
  }

  /** A context holding the here-documents of a COPY as files. */
  BuildContext heredocContext(List<Heredoc> docs) throws JaciException {
    Path dir = CopyStep.writeHeredocs(docs,
        images.work().resolve("heredocs-" + (++temporaries)));
    return BuildContext.of(dir, IgnorePatterns.NONE);
  }

  /**
   * The directory of a cache mount, kept in the store between builds, in use until the lease
   * is closed ({@link CacheMounts}: {@code sharing} may wait for it or take another); one
   * made for it (from {@code base}, see {@link CacheMounts#acquire}) is first given to
   * {@code made}.
   */
  CacheMounts.Lease cacheMount(String id, String base, RunMount.Sharing sharing,
      CacheMounts.NewDirectory made) throws JaciException {
    return CacheMounts.ofStore(images.store().root()).acquire(id, base,
        sharing, () -> listener().warning("cache mount " + id + " (sharing=locked): waiting "
            + "for another build to finish with it"), made);
  }

  Path temporaryDirectory() throws JaciException {
    Path dir = images.work().resolve("tmp-" + (++temporaries));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
  }

  Path temporaryFile() throws JaciException {
    return images.work().resolve("download-" + (++temporaries));
  }
}
