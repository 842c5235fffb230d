package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.Timing;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.aci.AciRewriter;
import io.jaci.core.diff.Begin;
import io.jaci.core.diff.BegunDirectory;
import io.jaci.core.diff.Owner;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha256;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The store side of a Dockerfile build: begun layouts over step images, the diff image each
 * filesystem step ends in, the final image (the last step's with the stage's manifest), and
 * the step cache, a key to image ID table kept in the store ({@link
 * ImageStore#rememberConversion}), so that {@code jaci image gc} forgets it with the images.
 */
final class StepImages {
  /** The name of the images of intermediate steps. */
  static final AcIdentifier STEP_NAME = AcIdentifier.parse("jaci.io/dockerfile-step");
  /**
   * The version of what a step makes of its key: bumped by hand whenever a step (or the naming
   * or squashing of the last image) gives a different result for the same key, e.g. after a
   * fix of COPY's destination rules or of WORKDIR's owner, so that images made before the
   * change are not reused. Entries of another version are never looked up (the images stay
   * until {@code jaci image gc}, which forgets those entries with them).
   *
   * <p>Not jaci's version: the jar's is the same for every snapshot build (so it would not
   * have helped against the COPY and WORKDIR fixes) and absent when run from classes, and a
   * version that changes with every build would throw the whole cache away on each upgrade,
   * though most releases change no step. A user expects a new jaci to reuse the cache unless
   * it would build differently, which is what this number says.
   *
   * <p>1: the unversioned keys ({@code dockerfile-step:sha256:...}) of the jaci before this
   * number, whose images may predate the COPY and WORKDIR fixes; 2: since.
   */
  static final int STEP_FORMAT = 2;

  private static final String KEY_PREFIX = "dockerfile-step:v" + STEP_FORMAT + ":sha256:";

  private final ImageStore store;
  private final ImageRenderer renderer;
  private final Path work;
  private final Long sourceDateEpoch;
  private int layouts;

  StepImages(ImageStore store, ImageRenderer renderer, Path work, Long sourceDateEpoch) {
    this.store = store;
    this.renderer = renderer;
    this.work = work;
    this.sourceDateEpoch = sourceDateEpoch;
  }

  ImageStore store() {
    return store;
  }

  /** The hex SHA-256 of {@code parts}, each on its own line: a cache key. */
  static String key(String... parts) {
    Sha256 sha = Sha256.create();
    for (String p : parts) {
      byte[] b = (p + "\n").getBytes(StandardCharsets.UTF_8);
      sha.update(b, 0, b.length);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The image a step of {@code key} made before under this {@link #STEP_FORMAT}, if it is
   * still in the store.
   */
  Optional<ImageId> cached(String key) throws JaciException {
    return store.convertedFrom(KEY_PREFIX + key).map(s -> s.id());
  }

  void remember(String key, ImageId id) throws JaciException {
    store.rememberConversion(KEY_PREFIX + key, id);
  }

  /**
   * The work area of the build (layouts, temporary files), a private directory made on first
   * use: a build whose steps are all cached writes nothing.
   */
  Path work() throws JaciException {
    try {
      if (!Files.isDirectory(work, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(work, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      }
      return work;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(work, e), e);
    }
  }

  /** A new begun layout over {@code base}, in a fresh directory of the work area. */
  Path begin(ImageId base) throws JaciException {
    Path dir = work().resolve("layout-" + (++layouts));
    begin().into(base, dir);
    Timing.mark("dockerfile: layout begun over " + base.hex().substring(0, 12));
    return dir;
  }

  private Begin begin() {
    return Begin.from(StoreImages.of(store), renderer).name(STEP_NAME);
  }

  /**
   * The diff image of the begun layout {@code dir}, imported into the store; the layout is
   * then begun over that image ({@link Begin#continueIn}), ready for the next step without
   * rendering the chain again.
   */
  ImageId build(Path dir, Map<String, Owner> owners) throws JaciException {
    BegunDirectory begun = BegunDirectory.open(dir);
    Path aci = work().resolve("step.aci");
    try {
      BegunDirectory.Content c = begun.diffToContinue(null, owners);
      Timing.mark("dockerfile: diff of the layout");
      AciBuilder.fromContent(c.manifest(), c.rootfs()).compression(Compression.NONE)
          .overwrite(true).sourceDateEpoch(sourceDateEpoch).build(aci);
      Timing.mark("dockerfile: diff image written");
    } finally {
      begun.restoreModes();
    }
    ImageId id = importAndDelete(aci);
    Timing.mark("dockerfile: diff image imported");
    begin().continueIn(begun, id);
    Timing.mark("dockerfile: layout continued over the step image");
    return id;
  }

  /**
   * The image {@code id} under the manifest {@code change} makes (the last step's image named
   * and given the stage's app), imported into the store.
   */
  ImageId rename(ImageId id, java.util.function.UnaryOperator<ImageManifest> change)
      throws JaciException {
    Path in = work().resolve("last.aci");
    Path out = work().resolve("final.aci");
    try (InputStream tar = store.openTar(id)) {
      Files.copy(tar, in, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(in, e), e);
    }
    AciRewriter.of(in).overwrite(true).rewrite(out, change);
    deleteQuietly(in);
    return importAndDelete(out);
  }

  ImageManifest manifest(ImageId id) throws JaciException {
    return store.get(id).orElseThrow(() -> new JaciException(id + ": not in the store"))
        .manifest();
  }

  private ImageId importAndDelete(Path aci) throws JaciException {
    try {
      return store.importAci(aci, ProgressListener.NONE).id();
    } finally {
      deleteQuietly(aci);
    }
  }

  /** The manifest's bytes as they are written (a cache key part). */
  static String manifestText(ImageManifest m) {
    return new String(ManifestJson.write(m), StandardCharsets.UTF_8);
  }

  /** Removes a layout made by {@link #begin}; what cannot be removed stays in the work area. */
  static void remove(Path dir) {
    if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      io.jaci.core.io.AtomicOutputDirectory.deleteTree(dir);
    } catch (IOException e) {
      // left behind in the work area, removed with it
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temporary file of the work area
    }
  }
}
