package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha512;
import io.jaci.core.render.ImageSource;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An ACI file as an image source: the file's own image, over {@code others} (the store) for
 * its dependencies. The image ID is the SHA-512 of the file's uncompressed tar, taken once.
 */
final class AciFileSource implements ImageSource {
  private final Path file;
  private final ImageSource others;
  private final Image image;

  private AciFileSource(Path file, ImageSource others, Image image) {
    this.file = file;
    this.others = others;
    this.image = image;
  }

  /** The manifest of the ACI at {@code file}, with the file named in a bad one's message. */
  static ImageManifest manifest(Path file) throws JaciException {
    try {
      return ManifestJson.parse(AciManifestReader.read(file));
    } catch (InvalidManifestException e) {
      throw new JaciException(file + ": invalid manifest: " + e.getMessage(), e);
    }
  }

  /** Reads the manifest of {@code file} and hashes its tar (one pass) for the image ID. */
  static AciFileSource open(Path file, ImageSource others) throws JaciException {
    ImageManifest manifest = manifest(file);
    Sha512 sha = Sha512.create();
    byte[] buffer = new byte[1 << 17];
    try (InputStream in = tar(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
    return new AciFileSource(file, others, new Image(ImageId.ofSha512(sha.digest()), manifest));
  }

  /** The uncompressed tar of an ACI file. */
  static InputStream tar(Path file) throws IOException {
    return Compression.decompressing(Files.newInputStream(file));
  }

  Image image() {
    return image;
  }

  @Override
  public Optional<Image> byId(ImageId id) throws JaciException {
    return image.id().equals(id) ? Optional.of(image) : others.byId(id);
  }

  @Override
  public Optional<Image> byNameAndLabels(AcIdentifier name, Labels labels)
      throws JaciException {
    return others.byNameAndLabels(name, labels);
  }

  @Override
  public long size(ImageId id) throws JaciException {
    return image.id().equals(id) ? -1 : others.size(id);
  }

  @Override
  public InputStream openTar(ImageId id) throws JaciException {
    if (!image.id().equals(id)) {
      return others.openTar(id);
    }
    try {
      return tar(file);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }
}
