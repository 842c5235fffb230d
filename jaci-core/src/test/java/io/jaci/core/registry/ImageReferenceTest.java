package io.jaci.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String D =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "docker://registry.example.com/app                | registry.example.com  | app           | latest | -",
      "docker://127.0.0.1:5000/team/app:1.2             | 127.0.0.1:5000        | team/app      | 1.2    | -",
      "localhost/a/b/c:v_1.0-rc                          | localhost             | a/b/c         | v_1.0-rc | -",
      "docker://localhost:5000/app@" + D + "             | localhost:5000        | app           | -      | " + D,
      "docker://host.example:443/my-app:tag@" + D + "    | host.example:443      | my-app        | tag    | " + D,
      "docker://[::1]:5000/a__b/c.d:x                    | [::1]:5000            | a__b/c.d      | x      | -",
      "docker://Reg.Example.COM/a--b                     | Reg.Example.COM       | a--b          | latest | -",
  })
  void parse_splitsTheParts(String text, String registry, String repository, String tag,
      String digest) {
    ImageReference ref = ImageReference.parse(text);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest() == null ? null : ref.digest().toString()).isEqualTo(digest);
    assertThat(ref.reference()).isEqualTo(digest != null ? digest : tag);
  }

  @Test
  void toString_isTheDockerTransportForm() {
    assertThat(ImageReference.parse("127.0.0.1:5000/a/b").toString())
        .isEqualTo("docker://127.0.0.1:5000/a/b:latest");
    assertThat(ImageReference.parse("docker://h.io/a@" + D).toString())
        .isEqualTo("docker://h.io/a@" + D);
    assertThat(ImageReference.parse("docker://h.io/a:1").repositoryUrl())
        .isEqualTo("docker://h.io/a");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "docker://library/redis   | \"docker://library/redis\" names no registry host: write docker://HOST[:PORT]/REPOSITORY[:TAG] (a host has a dot or a port, or is localhost; jaci has no default registry)",
      "redis:latest             | \"redis:latest\" names no registry host: write docker://HOST[:PORT]/REPOSITORY[:TAG] (a host has a dot or a port, or is localhost; jaci has no default registry)",
      "docker://h.io:5000       | \"docker://h.io:5000\" names no repository: write docker://HOST[:PORT]/REPOSITORY[:TAG]",
      "docker://h.io/App        | invalid image reference \"docker://h.io/App\": invalid repository name \"App\": component \"App\" must be lower-case letters and digits joined by '.', '_', '__' or '-'",
      "docker://h.io/a//b       | invalid image reference \"docker://h.io/a//b\": invalid repository name \"a//b\": component \"\" must be lower-case letters and digits joined by '.', '_', '__' or '-'",
      "docker://h.io/a-:1       | invalid image reference \"docker://h.io/a-:1\": invalid repository name \"a-\": component \"a-\" must be lower-case letters and digits joined by '.', '_', '__' or '-'",
      "docker://h.io/a:-x       | invalid image reference \"docker://h.io/a:-x\": invalid tag \"-x\" (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')",
      "docker://h.io/a:         | invalid image reference \"docker://h.io/a:\": invalid tag \"\" (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')",
      "docker://h.io:99999/a    | invalid image reference \"docker://h.io:99999/a\": port 99999 is outside 1..65535",
      "docker://h_x.io/a        | invalid image reference \"docker://h_x.io/a\": invalid registry host \"h_x.io\"",
      "docker://h.io/a@sha256:12 | invalid image reference \"docker://h.io/a@sha256:12\": invalid digest \"sha256:12\": sha256 needs 64 lower-case hex digits",
      "docker://h.io/a@md5:12   | invalid image reference \"docker://h.io/a@md5:12\": invalid digest \"md5:12\": unsupported algorithm \"md5\" (sha256 or sha512)",
  })
  void parse_rejectsBadReferences_inOneLine(String text, String message) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void parse_rejectsOverlongTagsAndNames() {
    assertThatThrownBy(() -> ImageReference.parse("h.io/a:" + "t".repeat(129)))
        .hasMessageContaining("invalid tag");
    assertThatThrownBy(() -> ImageReference.parse("h.io/" + "a".repeat(256)))
        .hasMessageContaining("longer than 255 characters");
  }

  @Test
  void withTagAndDigest_keepTheRepository() {
    ImageReference ref = ImageReference.parse("h.io:1/a/b:x");
    assertThat(ref.withTag("y").toString()).isEqualTo("docker://h.io:1/a/b:y");
    assertThat(ref.withDigest(Digest.parse(D)).reference()).isEqualTo(D);
    assertThat(ref.inRepository("c").toString()).isEqualTo("docker://h.io:1/c:latest");
  }
}
