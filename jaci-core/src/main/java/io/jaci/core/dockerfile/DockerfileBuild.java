package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.diff.BegunDirectory;
import io.jaci.core.docker.RootfsConfigMapping;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.DependencyResolver;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.run.NetMode;
import io.jaci.core.run.Runtime;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.spec.PlatformTable;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an image from a Dockerfile into the store: each stage a chain of diff images over
 * its FROM, one per filesystem step, found in the step cache when nothing it reads changed;
 * the target stage's last image named and given the app its instructions describe (or, with
 * squash, one image without dependencies).
 *
 * <pre>{@code
 * DockerfileBuild.Result r = DockerfileBuild.of(Dockerfile.parse(text), BuildContext.open(dir),
 *     store, renderer, options).build();
 * }</pre>
 */
public final class DockerfileBuild {
  /**
   * Removes the store's {@code RUN --mount=type=cache} directories that no build uses now,
   * with what RUNs left in them under any owner; returns how many.
   */
  public static int removeUnusedCacheMounts(ImageStore store) throws JaciException {
    return CacheMounts.ofStore(store.root()).prune();
  }

  /** Finds or imports the image a FROM or {@code --from} names (not a stage, not scratch). */
  @FunctionalInterface
  public interface BaseImages {
    ImageId resolve(String reference) throws JaciException;

    /**
     * Store refs (image IDs, app strings) and local {@code .aci} files: a file is imported
     * once while it is unchanged ({@link ImageStore#importAciFileOnce}), so that rebuilds
     * FROM it neither read nor hash it again; {@code progress} hears of the bytes read.
     */
    static BaseImages inStore(ImageStore store, io.jaci.core.ProgressListener progress) {
      return ref -> ImageStore.isAciPath(ref)
          ? store.importAciFileOnce(Path.of(ref), progress).id() : store.resolve(ref).id();
    }
  }

  /** Hears of each step as it starts (or is found in the cache), and of warnings. */
  public interface Listener {
    /**
     * How many steps (FROMs and instructions) the stages to build have, before the first step;
     * said again, larger, when a base image brings ONBUILD triggers.
     */
    default void steps(int total) {}

    void step(Stage stage, Instruction step, boolean cached);

    default void warning(String text) {}
  }

  /**
   * What a build is asked to do.
   *
   * @param name the image's name; labels its labels (version...)
   * @param buildArgs {@code --build-arg} values
   * @param target the stage to build (null: the last)
   * @param secrets {@code --secret} files by id
   * @param pods where RUN's pods are kept while they run
   * @param runtime the OCI runtime, or null for runc from PATH
   * @param sourceDateEpoch clamps times in the images, or null
   */
  public record Options(AcIdentifier name, Map<String, String> labels,
      Map<String, String> buildArgs, String target, boolean squash, boolean noCache,
      Map<String, Path> secrets, NetMode network, Long sourceDateEpoch, Path pods,
      Runtime runtime, BaseImages baseImages, Listener listener) {
    public Options {
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
      buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
      secrets = Map.copyOf(secrets);
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(pods, "pods");
      Objects.requireNonNull(baseImages, "baseImages");
      Objects.requireNonNull(listener, "listener");
    }
  }

  /**
   * What was built.
   *
   * @param image the named image
   * @param steps the filesystem steps of the stages built
   * @param warnings what could not be mapped, unused build args
   */
  public record Result(ImageId image, int steps, List<String> warnings) {}

  private final Dockerfile dockerfile;
  private final BuildContext context;
  private final ImageStore store;
  private final ImageRenderer renderer;
  private final Options options;
  private int totalSteps;

  private DockerfileBuild(Dockerfile dockerfile, BuildContext context, ImageStore store,
      ImageRenderer renderer, Options options) {
    this.dockerfile = dockerfile;
    this.context = context;
    this.store = store;
    this.renderer = renderer;
    this.options = options;
  }

  public static DockerfileBuild of(Dockerfile dockerfile, BuildContext context, ImageStore store,
      ImageRenderer renderer, Options options) {
    return new DockerfileBuild(dockerfile, context, store, renderer, options);
  }

  /** Runs the build; on failure no image is named, the steps done stay in the cache. */
  public Result build() throws JaciException {
    for (Map.Entry<String, Path> s : options.secrets().entrySet()) {
      if (!Files.isRegularFile(s.getValue())) {
        throw new JaciException("--secret id=" + s.getKey() + ": " + s.getValue()
            + " is not a readable file");
      }
    }
    // made on first use (StepImages.work): a build whose steps are all cached writes nothing
    Path work = store.root().resolve("dockerfile-" + java.util.UUID.randomUUID());
    try {
      return build(work);
    } finally {
      StepImages.remove(work);
      io.jaci.core.Timing.mark("dockerfile: work area removed");
    }
  }

  private Result build(Path work) throws JaciException {
    PlatformTable.Entry host = PlatformTable.byJvmArch("linux", System.getProperty("os.arch"))
        .orElseThrow(() -> new JaciException("this machine's architecture "
            + System.getProperty("os.arch") + " has no appc name"));
    BuildArgs args = BuildArgs.of(dockerfile, options.buildArgs(), host, host);
    StepImages images = new StepImages(store, renderer, work, options.sourceDateEpoch());
    BuildSession session = new BuildSession(dockerfile, args, context, images, options);
    Stage target = options.target() == null ? dockerfile.stages().get(dockerfile.stages().size()
        - 1) : dockerfile.stage(options.target());
    StageBuilder.Result last = null;
    int steps = 0;
    java.util.Set<Integer> needed = needed(args, target);
    for (int i : needed) {
      totalSteps += 1 + dockerfile.stages().get(i).instructions().size();
    }
    options.listener().steps(totalSteps);
    for (Stage stage : dockerfile.stages().subList(0, target.index() + 1)) {
      if (!needed.contains(stage.index())) {
        continue;
      }
      last = buildStage(session, args, stage);
      steps += last.filesystemSteps();
      session.stageBuilt(stage, last);
    }
    List<String> warnings = new ArrayList<>();
    ImageId named = name(images, last, warnings);
    io.jaci.core.Timing.mark("dockerfile: image named");
    if (options.squash()) {
      named = squash(images, named);
    }
    args.unconsumed().forEach(a -> warnings.add("--build-arg " + a + " was not used by any ARG"));
    return new Result(named, steps, warnings);
  }

  /**
   * The stages {@code target} needs: itself and, transitively, the earlier stages its FROM,
   * {@code COPY --from} and {@code RUN --mount from=} name (all earlier ones when such a name
   * holds a variable, which only the build can expand).
   */
  private java.util.Set<Integer> needed(BuildArgs args, Stage target) throws JaciException {
    java.util.Set<Integer> needed = new java.util.TreeSet<>();
    java.util.Deque<Stage> todo = new java.util.ArrayDeque<>(List.of(target));
    while (!todo.isEmpty()) {
      Stage s = todo.pop();
      if (!needed.add(s.index())) {
        continue;
      }
      List<String> refs = new ArrayList<>();
      refs.add(args.expandFrom(dockerfile, s.from()).image());
      for (Instruction i : s.instructions()) {
        if (i instanceof Instruction.Copy c && c.from() != null) {
          refs.add(c.from());
        } else if (i instanceof Instruction.Run r) {
          r.mounts().stream().map(RunMount::from).filter(Objects::nonNull).forEach(refs::add);
        }
      }
      for (String ref : refs) {
        if (ref.contains("$")) {
          for (int k = 0; k < s.index(); k++) {
            todo.push(dockerfile.stages().get(k));
          }
          continue;
        }
        for (Stage earlier : dockerfile.stages().subList(0, s.index())) {
          String r = ref.toLowerCase(java.util.Locale.ROOT);
          if (r.equals(earlier.name()) || r.equals(String.valueOf(earlier.index()))) {
            todo.push(earlier);
          }
        }
      }
    }
    return needed;
  }

  private StageBuilder.Result buildStage(BuildSession session, BuildArgs args, Stage stage)
      throws JaciException {
    Instruction.From from = args.expandFrom(dockerfile, stage.from());
    String image = from.image();
    options.listener().step(stage, from, false);
    ImageId base;
    StageConfig config;
    StageBuilder.Result earlier = session.stage(image);
    if (earlier != null) {
      base = earlier.image();
      config = StageConfig.of(session.images().manifest(base));
      copy(earlier.config(), config);
    } else if (image.equalsIgnoreCase("scratch")) {
      base = ScratchImage.id(store);
      config = StageConfig.scratch();
    } else {
      try {
        ImageId resolved = options.baseImages().resolve(image);
        // its dependency chain is whole: else the chain's missing link, said at the FROM
        StoreImages source = StoreImages.of(store);
        DependencyResolver.layers(source.byId(resolved).orElseThrow(() -> new JaciException(
            resolved + ": not in the store")), source);
        base = resolved;
      } catch (JaciException e) {
        throw new DockerfileException(from.line(), "FROM " + image + ": " + e.getMessage()
            + Suggest.didYouMean(image, stageNames(stage)));
      }
      config = StageConfig.of(session.images().manifest(base));
    }
    List<Instruction> triggers = new ArrayList<>();
    for (String t : config.onbuild) {
      triggers.add(Dockerfile.parseTrigger(t, from.line()));
    }
    if (!triggers.isEmpty()) {
      totalSteps += triggers.size();
      options.listener().steps(totalSteps);
    }
    return new StageBuilder(session, stage, base, config).build(triggers);
  }

  /** The names of the stages before {@code stage}, as "stage NAME", for a misspelt FROM. */
  private List<String> stageNames(Stage stage) {
    List<String> names = new ArrayList<>();
    dockerfile.stages().subList(0, stage.index()).stream().map(Stage::name)
        .filter(Objects::nonNull).forEach(names::add);
    return names;
  }

  private static void copy(StageConfig from, StageConfig to) {
    to.env.clear();
    to.env.putAll(from.env);
    to.user = from.user;
    to.workdir = from.workdir;
    to.entrypoint = from.entrypoint;
    to.cmd = from.cmd;
    to.shell = from.shell;
    to.exposed.clear();
    to.exposed.addAll(from.exposed);
    to.volumes.clear();
    to.volumes.addAll(from.volumes);
    to.labels.clear();
    to.labels.putAll(from.labels);
    to.stopSignal = from.stopSignal;
    to.healthcheck = from.healthcheck;
    to.onbuild = new ArrayList<>(from.onbuild);
    to.author = from.author;
  }

  /** The last image of the target stage, named, with the app of its config. */
  private ImageId name(StepImages images, StageBuilder.Result last, List<String> warnings)
      throws JaciException {
    String created = options.sourceDateEpoch() == null ? null
        : DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(options.sourceDateEpoch()));
    String key = StepImages.key("name", last.image().toString(), options.name().toString(),
        new java.util.TreeMap<>(options.labels()).toString(), last.config().fingerprint(),
        String.valueOf(created));
    if (!options.noCache()) {
      java.util.Optional<ImageId> hit = images.cached(key);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    ImageManifest base = images.manifest(last.image());
    Path rootfs = last.layout() != null ? last.layout().resolve("rootfs")
        : needsUsers(last.config().user) ? images.begin(last.image()).resolve("rootfs")
        : images.store().root().resolve("no-rootfs");
    String os = base.labels().get("os").orElse("linux");
    String arch = base.labels().get("arch").orElse("");
    RootfsConfigMapping.Mapped mapped = RootfsConfigMapping.app(
        last.config().toDockerConfig(os, goArch(os, arch)), rootfs);
    warnings.addAll(mapped.warnings());
    ImageId named = images.rename(last.image(), m -> last.config().manifest(m,
        options.name(), options.labels(), mapped.app(), created));
    images.remember(key, named);
    return named;
  }

  private static String goArch(String os, String appcArch) {
    return PlatformTable.byAppcArch(appcArch).map(PlatformTable.Entry::goArch).orElse(appcArch);
  }

  private static boolean needsUsers(String user) {
    return !user.isEmpty() && !user.matches("\\d+(:\\d+)?");
  }

  /** The named image's whole tree as one image without dependencies. */
  private ImageId squash(StepImages images, ImageId named) throws JaciException {
    String key = StepImages.key("squash", named.toString());
    if (!options.noCache()) {
      java.util.Optional<ImageId> hit = images.cached(key);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    ImageManifest m = images.manifest(named);
    Path dir = images.begin(named);
    try {
      Files.write(dir.resolve("manifest"), ManifestJson.writePretty(m));
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    BegunDirectory begun = BegunDirectory.open(dir);
    Path aci = dir.resolveSibling("squash.aci");
    try {
      BegunDirectory.Content c = begun.squash(null);
      AciBuilder.fromContent(ManifestJson.write(m.toBuilder().dependencies(List.of())
              .pathWhitelist(PathWhitelist.empty()).build()), c.rootfs())
          .compression(Compression.NONE).overwrite(true)
          .sourceDateEpoch(options.sourceDateEpoch()).build(aci);
    } finally {
      begun.restoreModes();
    }
    ImageId id = images.store().importAci(aci, io.jaci.core.ProgressListener.NONE).id();
    images.remember(key, id);
    return id;
  }
}
