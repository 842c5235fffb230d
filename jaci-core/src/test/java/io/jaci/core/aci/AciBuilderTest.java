package io.jaci.core.aci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AciBuilderTest {
  @TempDir
  Path tmp;

  static byte[] decompressed(Path aci) throws IOException {
    try (InputStream in = Compression.decompressing(Files.newInputStream(aci))) {
      return in.readAllBytes();
    }
  }

  static List<String> names(Path aci) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarReader r = new TarReader(Compression.decompressing(Files.newInputStream(aci)))) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        names.add(e.name());
      }
    }
    return names;
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "NONE"})
  void imageIdIsTheSha512OfTheUncompressedTar(Compression c) throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    Path out = tmp.resolve("image.aci");
    AciBuildResult r = AciBuilder.fromLayout(layout).compression(c).build(out);
    byte[] tar = decompressed(out);
    String expected = "sha512-"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(tar));
    assertThat(r.imageId().toString()).isEqualTo(expected);
    assertThat(r.tarSize()).isEqualTo(tar.length);
    assertThat(r.fileSize()).isEqualTo(Files.size(out));
    assertThat(Compression.detect(Files.readAllBytes(out), 512)).isEqualTo(c);
  }

  @Test
  void manifestComesFirst_thenTheRootfsInSortedOrder() throws Exception {
    Path out = tmp.resolve("image.aci");
    AciBuilder.fromLayout(Layouts.small(tmp.resolve("layout"))).build(out);
    assertThat(names(out)).containsExactly("manifest", "rootfs/", "rootfs/bin/",
        "rootfs/bin/also-true", "rootfs/bin/busybox", "rootfs/bin/sh", "rootfs/bin/true",
        "rootfs/etc/", "rootfs/etc/os-release");
    assertThat(ImageValidator.validate(out).errors()).isEmpty();
  }

  @Test
  void sameTreeGivesSameBytes_whateverTheMtimesAndTheOrderOfCreation() throws Exception {
    Path a = Layouts.small(tmp.resolve("a"));
    // the same tree made in another order, later, with other mtimes
    Path b = tmp.resolve("b");
    Files.createDirectories(b.resolve("rootfs/bin"));
    Files.write(b.resolve("rootfs/bin/busybox"), new byte[300_000]);
    Files.createSymbolicLink(b.resolve("rootfs/bin/sh"), Path.of("busybox"));
    Files.writeString(b.resolve("rootfs/bin/true"), "#!/bin/sh\nexit 0\n");
    Files.createLink(b.resolve("rootfs/bin/also-true"), b.resolve("rootfs/bin/true"));
    Files.createDirectories(b.resolve("rootfs/etc"));
    Files.writeString(b.resolve("rootfs/etc/os-release"), "ID=test\n");
    Files.writeString(b.resolve("manifest"), Layouts.MANIFEST);
    try (Stream<Path> all = Files.walk(b)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + 86_400_000));
      }
    }
    long epoch = 1_500_000_000L;
    AciBuilder.fromLayout(a).sourceDateEpoch(epoch).ownerRoot(true).build(tmp.resolve("a.aci"));
    AciBuilder.fromLayout(b).sourceDateEpoch(epoch).ownerRoot(true).build(tmp.resolve("b.aci"));
    assertThat(Files.readAllBytes(tmp.resolve("a.aci")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("b.aci")));
  }

  @Test
  void sourceDateEpochClampsButKeepsOlderTimes() throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    Files.setLastModifiedTime(layout.resolve("rootfs/etc/os-release"), FileTime.fromMillis(1000_000));
    Path out = tmp.resolve("image.aci");
    AciBuilder.fromLayout(layout).sourceDateEpoch(2000L).build(out);
    try (TarReader r = new TarReader(Compression.decompressing(Files.newInputStream(out)))) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        long expected = e.name().equals("rootfs/etc/os-release") ? 1000 : 2000;
        assertThat(e.header().mtime()).as(e.name()).isEqualTo(expected);
      }
    }
  }

  @Test
  void invalidManifestIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\"}");
    Path out = tmp.resolve("image.aci");
    assertThatThrownBy(() -> AciBuilder.fromLayout(layout).build(out))
        .isInstanceOf(JaciException.class).hasMessageContaining("invalid manifest");
    assertThat(tmp.resolve("image.aci")).doesNotExist();
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("layout");
  }

  @Test
  void missingManifestOrRootfsIsNamed() throws Exception {
    Path layout = tmp.resolve("layout");
    Files.createDirectories(layout.resolve("rootfs"));
    assertThatThrownBy(() -> AciBuilder.fromLayout(layout).build(tmp.resolve("x.aci")))
        .hasMessageContaining("manifest").hasMessageContaining("missing");
    Files.writeString(layout.resolve("manifest"), Layouts.MANIFEST);
    Files.delete(layout.resolve("rootfs"));
    assertThatThrownBy(() -> AciBuilder.fromLayout(layout).build(tmp.resolve("x.aci")))
        .hasMessageContaining("rootfs").hasMessageContaining("missing");
  }

  @Test
  void outputInAMissingDirectoryIsAnErrorNamingIt() throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    assertThatThrownBy(() -> AciBuilder.fromLayout(layout).build(tmp.resolve("no/such/x.aci")))
        .isInstanceOf(JaciException.class).hasMessageContaining("no/such")
        .hasMessageContaining("does not exist");
  }

  @Test
  void existingOutputIsKeptUnlessOverwriteIsAsked() throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    Path out = Files.writeString(tmp.resolve("x.aci"), "precious");
    assertThatThrownBy(() -> AciBuilder.fromLayout(layout).build(out))
        .hasMessageContaining("already exists").hasMessageContaining("--overwrite");
    assertThat(out).hasContent("precious");
    AciBuilder.fromLayout(layout).overwrite(true).build(out);
    assertThat(ImageValidator.validate(out).valid()).isTrue();
  }

  @Test
  void ownerRootRecordsZeroOwners() throws Exception {
    Path layout = Layouts.small(tmp.resolve("layout"));
    Path out = tmp.resolve("x.aci");
    AciBuilder.fromLayout(layout).ownerRoot(true).build(out);
    try (TarReader r = new TarReader(Compression.decompressing(Files.newInputStream(out)))) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        assertThat(e.header().uid()).isZero();
        assertThat(e.header().gid()).isZero();
      }
    }
  }
}
