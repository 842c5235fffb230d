package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.IoMessages;
import io.jaci.core.registry.Digest;
import io.jaci.core.registry.ImageReference;
import io.jaci.core.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Pushes to a registry, with OCI media types: each blob the repository lacks (asked with a
 * HEAD first), mounted from another repository of the same registry when the ACI says where
 * it came from (its {@code appc.io/docker/registryurl} and {@code appc.io/docker/repository}
 * annotations, as a conversion from Docker writes them), else uploaded; then the config, and
 * the manifest last, so the tag appears only when everything it points to is there. Layers
 * are staged in a temporary directory.
 */
public final class RegistrySink implements OciSink {
  private final RegistryClient client;
  private final ImageReference target;
  private final AtomicOutputDirectory staging;

  private RegistrySink(RegistryClient client, ImageReference target,
      AtomicOutputDirectory staging) {
    this.client = client;
    this.target = target;
    this.staging = staging;
  }

  /** A sink pushing to {@code target} (a tag; a digest reference is checked by the registry). */
  public static RegistrySink open(RegistryClient client, ImageReference target)
      throws JaciException {
    try {
      return new RegistrySink(client, target, AtomicOutputDirectory.create(
          Path.of(System.getProperty("java.io.tmpdir"), "jaci-push")));
    } catch (IOException e) {
      throw new JaciException("a staging directory for the layers: " + IoMessages.describe(e),
          e);
    }
  }

  @Override
  public Path staging() {
    return staging.path();
  }

  @Override
  public boolean compressesLayers() {
    return true;
  }

  @Override
  public Digest commit(OciImage image) throws JaciException {
    String mountFrom = mountSource(image);
    Set<Digest> done = new HashSet<>();
    for (Layer l : image.layers()) {
      if (done.add(l.blob().digest())) {
        push(l.blob().digest(), l.blob().size(), l.blob().file(), null, mountFrom);
      }
    }
    Digest config = Digest.sha256(image.config());
    push(config, image.config().length, null, image.config(), null);
    return client.putManifest(target, MediaTypes.OCI_MANIFEST, image.manifest());
  }

  private String mountSource(OciImage image) {
    String registry = image.source().annotations().get("appc.io/docker/registryurl").orElse("");
    String repository = image.source().annotations().get("appc.io/docker/repository")
        .orElse(null);
    boolean sameRegistry = registry.equals(target.registry())
        || registry.endsWith("://" + target.registry());
    return sameRegistry && repository != null && !repository.equals(target.repository())
        ? repository : null;
  }

  private void push(Digest digest, long size, Path file, byte[] bytes, String mountFrom)
      throws JaciException {
    if (client.blobExists(target, digest)) {
      return;
    }
    if (mountFrom != null && client.mountBlob(target, mountFrom, digest)) {
      return;
    }
    try (InputStream in = file != null ? Files.newInputStream(file)
        : new ByteArrayInputStream(bytes)) {
      client.pushBlob(target, digest, size, in);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  @Override
  public void close() throws JaciException {
    try {
      staging.close();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(staging.path(), e), e);
    }
  }
}
