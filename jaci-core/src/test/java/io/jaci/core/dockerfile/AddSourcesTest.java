package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ADD: local tars in any compression known by content; URLs checked by --checksum. */
class AddSourcesTest {
  @TempDir
  Path tmp;

  private static byte[] tar() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(b)) {
      byte[] content = "inside\n".getBytes(StandardCharsets.UTF_8);
      w.write(new TarHeader("dir/", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, null, 0, 0,
          new TreeMap<>()), new ByteArrayInputStream(new byte[0]));
      w.write(new TarHeader("dir/file", TarEntryType.REGULAR, 0644, 0, 0, content.length, 0,
          null, 0, 0, new TreeMap<>()), new ByteArrayInputStream(content));
    }
    return b.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aTarInAnyCompressionIsExtracted_whateverItsName(Compression c) throws Exception {
    Path archive = tmp.resolve("archive.bin");
    try (OutputStream out = c.compress(Files.newOutputStream(archive))) {
      out.write(tar());
    }
    assertThat(AddSources.isTar(archive)).isTrue();
    Path target = Files.createDirectories(tmp.resolve("target"));
    AddSources.extract(archive, target, false);
    assertThat(target.resolve("dir/file")).hasContent("inside");
  }

  /**
   * Found by the buildah differential test: a normal user's ADD of a tar lost the archive's
   * owners (root's in the image); they are given back for the step's diff.
   */
  @Test
  void theOwnersATarHoldsAreKeptForTheDiff_whenTheyCannotBeSetOnDisk() throws Exception {
    byte[] content = "owned\n".getBytes(StandardCharsets.UTF_8);
    Path archive = tmp.resolve("owned.tar");
    try (OutputStream out = Files.newOutputStream(archive); TarWriter w = new TarWriter(out)) {
      w.write(new TarHeader("d/", TarEntryType.DIRECTORY, 0755, 1234, 5678, 0, 0, null, 0, 0,
          new TreeMap<>()), new ByteArrayInputStream(new byte[0]));
      w.write(new TarHeader("d/f", TarEntryType.REGULAR, 0600, 1234, 5678, content.length, 0,
          null, 0, 0, new TreeMap<>()), new ByteArrayInputStream(content));
      w.write(new TarHeader("d/root", TarEntryType.REGULAR, 0644, 0, 0, content.length, 0,
          null, 0, 0, new TreeMap<>()), new ByteArrayInputStream(content));
      w.write(new TarHeader("d/a-link", TarEntryType.HARD_LINK, 0600, 1234, 5678, 0, 0, "d/f",
          0, 0, new TreeMap<>()), new ByteArrayInputStream(new byte[0]));
    }
    Path target = Files.createDirectories(tmp.resolve("target"));
    assertThat(AddSources.extract(archive, target, false))
        .containsOnlyKeys("d", "d/f", "d/a-link")
        .containsEntry("d/f", new io.jaci.core.diff.Owner(1234, 5678))
        .containsEntry("d/a-link", new io.jaci.core.diff.Owner(1234, 5678));
    assertThat(target.resolve("d/f")).hasContent("owned");
  }

  @Test
  void otherFilesAreNoTars() throws Exception {
    Path text = tmp.resolve("x.tar.gz");
    Files.writeString(text, "just text, named like a tar");
    assertThat(AddSources.isTar(text)).isFalse();
    Path empty = tmp.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThat(AddSources.isTar(empty)).isFalse();
  }

  @Test
  void aUrlWhoseChecksumDiffers_isOneError_andNothingIsWritten() throws Exception {
    byte[] body = "served\n".getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/file.txt", ex -> {
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/file.txt";
      String right = HexFormat.of().formatHex(java.security.MessageDigest
          .getInstance("SHA-256").digest(body));
      AddSources.Download d = AddSources.download(url, "sha256:" + right, tmp.resolve("ok"));
      assertThat(d.file()).hasContent("served");
      assertThat(d.name()).isEqualTo("file.txt");
      String wrong = "0".repeat(64);
      Path into = tmp.resolve("bad");
      assertThatThrownBy(() -> AddSources.download(url, "sha256:" + wrong, into))
          .hasMessageContaining("not the --checksum sha256:" + wrong)
          .hasMessageNotContaining("\n");
      assertThat(into).doesNotExist();
      assertThatThrownBy(() -> AddSources.download(url, "md5:abc", tmp.resolve("md5")))
          .hasMessageContaining("give sha256:");
      assertThatThrownBy(() -> AddSources.download(url.replace("file.txt", "none"), null,
          tmp.resolve("404"))).hasMessageContaining("HTTP 404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void chownResolvesNamesInTheImage_andAUserNameAloneGivesItsPrimaryGroup() throws Exception {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
    Files.writeString(rootfs.resolve("passwd"), "root:x:0:0::/:/bin/sh\napp:x:1001:1002::/:/\n");
    Files.writeString(rootfs.resolve("group"), "root:x:0:\nstaff:x:50:\n");
    Path root = tmp.resolve("rootfs");
    // BuildKit's rule (and buildah's), not the classic builder's "the UID as GID"
    assertThat(StageBuilder.chown(root, "app")).containsExactly(1001, 1002);
    assertThat(StageBuilder.chown(root, "app:staff")).containsExactly(1001, 50);
    assertThat(StageBuilder.chown(root, "7:8")).containsExactly(7, 8);
    assertThat(StageBuilder.chown(root, null)).containsExactly(0, 0);
    assertThatThrownBy(() -> StageBuilder.chown(root, "nobody-here"))
        .hasMessageContaining("nobody-here");
    assertThat(StageBuilder.chmod("755").apply(0600, false)).isEqualTo(0755);
    assertThat(StageBuilder.chmod(null).apply(0640, false)).isEqualTo(0640);
    assertThatThrownBy(() -> StageBuilder.chmod("u+q")).hasMessageContaining("symbolic");
  }
}
