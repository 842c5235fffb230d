package io.jaci.core.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.ImageValidator;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** What the conversion tests share: a temporary directory, building and reading images. */
abstract class ConversionFixture {
  static final ImageManifest MANIFEST =
      ImageManifest.builder(AcIdentifier.parse("example.com/rootfs")).build();

  @TempDir
  Path tmp;

  /** An entry of a built image: its header and its content as text. */
  record Written(TarHeader header, String content) {}

  Path source(byte[] tar) throws IOException {
    return Files.write(tmp.resolve("source-" + Arrays.hashCode(tar) + ".tar"), tar);
  }

  AciBuildResult build(byte[] tar, Path out) throws Exception {
    return RootfsImage.from(source(tar)).manifest(MANIFEST).build(out);
  }

  /** The image's entries by name, in order, after checking that it is a valid ACI. */
  static Map<String, Written> entries(Path aci) throws IOException {
    assertThat(ImageValidator.validateArchive(aci).errors()).isEmpty();
    Map<String, Written> entries = new LinkedHashMap<>();
    try (InputStream in = Compression.decompressing(Files.newInputStream(aci));
        TarReader r = new TarReader(in)) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        String content = new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
        entries.put(e.name(), new Written(e.header(), content));
      }
    }
    return entries;
  }

  String failure(byte[] tar) throws IOException {
    Path out = tmp.resolve("bad.aci");
    Path src = source(tar);
    List<String> before = List.of(tmp.toFile().list());
    try {
      RootfsImage.from(src).manifest(MANIFEST).build(out);
    } catch (JaciException e) {
      assertThat(out).doesNotExist();
      assertThat(tmp.toFile().list()).containsExactlyInAnyOrderElementsOf(before);
      assertThat(e.getMessage()).startsWith(src + ": ").doesNotContain("\n");
      return e.getMessage().substring(src.toString().length() + 2);
    }
    throw new AssertionError("no failure");
  }
}
