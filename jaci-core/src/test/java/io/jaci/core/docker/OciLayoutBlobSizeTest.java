package io.jaci.core.docker;

import static io.jaci.core.docker.TestLayers.layer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 8: an OCI layout blob longer than its descriptor's size printed only
 * "Self-suppression not permitted" (the decompressor passed on the size check's exception,
 * which the digest check then tried to add to itself); the real cause must be the message.
 */
class OciLayoutBlobSizeTest {
  @TempDir
  Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A layout of one gzip layer whose blob is {@code extra} bytes longer than its descriptor
   * says: the blob's own gzip data is cut off by the size check (extra &gt; 0), or zeros
   * follow the gzip data (extra &lt; 0: -extra bytes appended).
   */
  private Path layout(int extra) throws Exception {
    // random content, so that the gzip data is longer than every read buffer on the way
    byte[] noise = new byte[1 << 20];
    new java.util.Random(10).nextBytes(noise);
    byte[] tar = layer().dir("etc").file("etc/noise", java.util.Base64.getEncoder()
        .encodeToString(noise)).tar();
    byte[] gz = TestLayers.gzip(tar);
    byte[] config = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
        + "\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}");
    byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + Digest.sha256(gz) + "\",\"size\":" + (gz.length - Math.max(0, extra))
        + "}]}");
    Path dir = Files.createDirectories(tmp.resolve("layout/blobs/sha256")).getParent()
        .getParent();
    Files.write(dir.resolve("oci-layout"), utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
    Files.write(dir.resolve("index.json"), utf8("{\"schemaVersion\":2,\"manifests\":[{"
        + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
        + Digest.sha256(manifest) + "\",\"size\":" + manifest.length + "}]}"));
    Files.write(dir.resolve("blobs/sha256/" + Digest.sha256(config).hex()), config);
    Files.write(dir.resolve("blobs/sha256/" + Digest.sha256(manifest).hex()), manifest);
    byte[] longer = Arrays.copyOf(gz, gz.length + Math.max(0, -extra));
    Files.write(dir.resolve("blobs/sha256/" + Digest.sha256(gz).hex()), longer);
    return dir;
  }

  private static void convert(Path layout) throws Exception {
    try (SourceImage image = ImageSources.open(new ImageLocation.OciLayout(layout, null),
        () -> null, Platform.parse("linux/amd64"))) {
      TarWriter tar = new TarWriter(new ByteArrayOutputStream());
      DockerToAci.squashed(image, tar, ProgressListener.NONE);
    }
  }

  @Test
  void item8_blobLongerThanItsDescriptor_saysSo_notSelfSuppression() throws Exception {
    Path layout = layout(50_000);
    assertThatThrownBy(() -> convert(layout)).isInstanceOf(JaciException.class)
        .hasMessageContaining("is longer than the")
        .hasMessageContaining("bytes its descriptor gives")
        .hasMessageNotContaining("Self-suppression");
  }

  @Test
  void blobWithBytesAfterItsGzipData_saysSoToo() throws Exception {
    Path layout = layout(-3);
    assertThatThrownBy(() -> convert(layout)).isInstanceOf(JaciException.class)
        .hasMessageContaining("bytes its descriptor gives");
  }
}
