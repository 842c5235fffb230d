package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code FROM scratch}: an image with an empty rootfs, the same bytes in every store (times
 * at 0), on which a stage begins like on any other base.
 */
final class ScratchImage {
  static final AcIdentifier NAME = AcIdentifier.parse("jaci.io/dockerfile-scratch");

  private ScratchImage() {}

  /** The scratch image's ID, imported into {@code store} when missing. */
  static ImageId id(ImageStore store) throws JaciException {
    Path dir;
    try {
      dir = Files.createTempDirectory(store.root(), "scratch-");
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(store.root(), e), e);
    }
    try {
      Files.createDirectory(dir.resolve("rootfs"));
      Files.setAttribute(dir.resolve("rootfs"), "unix:mode", 0755);
      Files.write(dir.resolve("manifest"), ManifestJson.writePretty(
          ImageManifest.builder(NAME).build()));
      Path aci = dir.resolve("scratch.aci");
      AciBuilder.fromLayout(dir).compression(Compression.NONE).ownerRoot(true)
          .sourceDateEpoch(0L).build(aci);
      return store.importAci(aci, ProgressListener.NONE).id();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    } finally {
      try {
        AtomicOutputDirectory.deleteTree(dir);
      } catch (IOException e) {
        // a temporary directory of the store
      }
    }
  }
}
