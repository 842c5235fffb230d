package io.jaci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.registry.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small OCI image made by hand: one gzip layer holding a file of seeded random bytes, its
 * config and manifest, each as the exact bytes a registry or layout stores.
 */
record TestOciImage(byte[] layer, byte[] config, byte[] manifest) {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  static TestOciImage create(int seed) throws IOException {
    byte[] content = new byte[100_000 + seed];
    new Random(seed).nextBytes(content);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry e = new TarArchiveEntry("data-" + seed + ".bin");
      e.setSize(content.length);
      e.setModTime(0);
      out.putArchiveEntry(e);
      out.write(content);
      out.closeArchiveEntry();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar.toByteArray());
    }
    byte[] layer = gz.toByteArray();

    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config").putArray("Cmd").add("/bin/true");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    rootfs.putArray("diff_ids").add(Digest.sha256(tar.toByteArray()).toString());
    byte[] configBytes = JSON.writeValueAsBytes(config);

    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
        .put("mediaType", MANIFEST_TYPE);
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", Digest.sha256(configBytes).toString()).put("size", configBytes.length);
    manifest.putArray("layers").addObject()
        .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
        .put("digest", Digest.sha256(layer).toString()).put("size", layer.length);
    return new TestOciImage(layer, configBytes, JSON.writeValueAsBytes(manifest));
  }

  Digest layerDigest() {
    return Digest.sha256(layer);
  }

  Digest configDigest() {
    return Digest.sha256(config);
  }

  /** Writes an OCI image layout holding this image under {@code tag}; returns {@code dir}. */
  Path writeLayout(Path dir, String tag) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
    for (byte[] blob : new byte[][] {layer, config, manifest}) {
      Files.write(blobs.resolve(Digest.sha256(blob).hex()), blob);
    }
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    index.putArray("manifests").addObject().put("mediaType", MANIFEST_TYPE)
        .put("digest", Digest.sha256(manifest).toString()).put("size", manifest.length)
        .putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    return dir;
  }
}
