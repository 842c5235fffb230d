package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.spec.EnvironmentVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ace.md "Execution Environment" and issue 11's precedence: image < env file < --set-env. */
class AppEnvironmentTest {
  @TempDir Path tmp;

  private static final String ACE_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; // ace.md, PATH

  @Test
  void aceVariables_areSetForAnImageWithoutEnvironment() throws Exception {
    AppEnvironment env = AppEnvironment.resolve(List.of(), Map.of(), Map.of(), Map.of(),
        "main", "http://10.0.2.2:2375/token");
    assertThat(env.entries()).containsExactly("PATH=" + ACE_PATH, "AC_APP_NAME=main",
        "AC_METADATA_URL=http://10.0.2.2:2375/token", "container=jaci");
  }

  @Test
  void precedence_defaultPath_inherited_image_envFile_setEnv() throws Exception {
    List<EnvironmentVariable> image = List.of(new EnvironmentVariable("A", "image"),
        new EnvironmentVariable("B", "image"), new EnvironmentVariable("C", "image"),
        new EnvironmentVariable("PATH", "/opt/bin"));
    Map<String, String> inherited = Map.of("A", "host", "HOME", "/root", "PATH", "/host/bin");
    Map<String, String> file = new LinkedHashMap<>();
    file.put("B", "file");
    file.put("C", "file");
    Map<String, String> setEnv = Map.of("C", "flag");
    AppEnvironment env = AppEnvironment.resolve(image, inherited, file, setEnv, "main", null);
    assertThat(env.get("A")).isEqualTo("image");
    assertThat(env.get("B")).isEqualTo("file");
    assertThat(env.get("C")).isEqualTo("flag");
    assertThat(env.get("HOME")).isEqualTo("/root");
    assertThat(env.get("PATH")).isEqualTo("/opt/bin");
    assertThat(env.get("AC_METADATA_URL")).isNull();
    // First-set order, the value of the last setter: PATH, then the host's (sorted), then the
    // image's new names.
    assertThat(env.entries()).containsExactly("PATH=/opt/bin", "A=image", "HOME=/root",
        "B=file", "C=flag", "AC_APP_NAME=main", "container=jaci");
  }

  @Test
  void inheritedPath_replacesTheDefault() throws Exception {
    AppEnvironment env = AppEnvironment.resolve(List.of(), Map.of("PATH", "/host/bin"),
        Map.of(), Map.of(), null, null);
    assertThat(env.entries()).containsExactly("PATH=/host/bin", "container=jaci");
  }

  @Test
  void imageCannotOverrideWhatTheAceSets() throws Exception {
    AppEnvironment env = AppEnvironment.resolve(
        List.of(new EnvironmentVariable("AC_APP_NAME", "fake"),
            new EnvironmentVariable("container", "docker")),
        Map.of("AC_METADATA_URL", "http://evil"), Map.of(), Map.of(), "main", "http://meta");
    assertThat(env.get("AC_APP_NAME")).isEqualTo("main");
    assertThat(env.get("container")).isEqualTo("jaci");
    assertThat(env.get("AC_METADATA_URL")).isEqualTo("http://meta");
  }

  @ParameterizedTest
  @CsvSource({"AC_APP_NAME", "AC_METADATA_URL", "container"})
  void userCannotSetWhatTheAceSets_saysSo(String name) {
    assertThatThrownBy(() -> AppEnvironment.resolve(List.of(), Map.of(), Map.of(),
        Map.of(name, "x"), "main", null))
        .isInstanceOf(JaciException.class)
        .hasMessage("--set-env " + name + ": jaci sets " + name
            + " itself for every app (ace.md); leave it out");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "K=V     | K | V",
      "K=      | K | ''",
      "K=a=b   | K | a=b",
      "a.b-c=1 | a.b-c | 1"})
  void parseSetEnv_splitsAtTheFirstEquals(String text, String name, String value) {
    assertThat(AppEnvironment.parseSetEnv(text)).isEqualTo(new EnvironmentVariable(name, value));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "K         | expected NAME=VALUE",
      "=V        | invalid environment variable name \"\"",
      "1K=V      | invalid environment variable name \"1K\"",
      "K K=V     | invalid environment variable name \"K K\""})
  void parseSetEnv_rejects(String text, String why) {
    assertThatThrownBy(() -> AppEnvironment.parseSetEnv(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--set-env " + text + ": ")
        .hasMessageContaining(why);
  }

  @Test
  void readEnvFile_skipsCommentsAndBlankLines_laterLinesWin() throws Exception {
    Path f = Files.writeString(tmp.resolve("env"),
        "# comment\n\nA=1\r\n  # indented comment\nB=two words\nA=3\n");
    assertThat(AppEnvironment.readEnvFile(f)).containsExactly(Map.entry("A", "3"),
        Map.entry("B", "two words"));
  }

  @Test
  void readEnvFile_badLine_namesFileAndLine() throws Exception {
    Path f = Files.writeString(tmp.resolve("env"), "A=1\nexport B=2\n");
    assertThatThrownBy(() -> AppEnvironment.readEnvFile(f))
        .isInstanceOf(JaciException.class)
        .hasMessageStartingWith("--set-env-file " + f + " line 2: invalid environment variable "
            + "name \"export B\"");
  }

  @Test
  void readEnvFile_missing_hugeOrBinary_isOneLine() throws Exception {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> AppEnvironment.readEnvFile(missing))
        .hasMessage("--set-env-file " + missing + ": no such file or directory");
    Path huge = tmp.resolve("huge");
    Files.write(huge, new byte[(1 << 20) + 1]);
    assertThatThrownBy(() -> AppEnvironment.readEnvFile(huge))
        .hasMessage("--set-env-file " + huge + ": larger than 1 MiB; is it the right file?");
    Path binary = Files.write(tmp.resolve("bin"), new byte[] {'A', '=', (byte) 0xff});
    assertThatThrownBy(() -> AppEnvironment.readEnvFile(binary))
        .hasMessage("--set-env-file " + binary + ": not UTF-8 text");
  }
}
