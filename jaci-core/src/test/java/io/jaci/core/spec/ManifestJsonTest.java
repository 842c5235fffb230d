package io.jaci.core.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestJsonTest {
  private static final String HEAD =
      "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"example.com/test\"";

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = ManifestJsonTest.class.getResourceAsStream("/spec/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static ManifestCheck check(String json) {
    return ManifestJson.check(json.getBytes(UTF_8));
  }

  /** A manifest with an app made of {@code appFields} (user and group are added). */
  private static ManifestCheck checkApp(String appFields) {
    return check(HEAD + ",\"app\":{\"user\":\"0\",\"group\":\"0\"" + appFields + "}}");
  }

  // ---- golden files

  @Test
  void writePretty_goldenFileIsCanonical() throws Exception {
    byte[] json = golden("reduce-worker.json");
    assertThat(new String(ManifestJson.writePretty(ManifestJson.parse(json)), UTF_8))
        .isEqualTo(new String(json, UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.json", "redis-compact.json"})
  void write_compactGoldenFilesAreCanonical(String name) throws Exception {
    String json = new String(golden(name), UTF_8).strip();
    assertThat(new String(ManifestJson.write(ManifestJson.parse(json.getBytes(UTF_8))), UTF_8))
        .isEqualTo(json);
  }

  @Test
  void parse_realisticManifest_readsEveryField() throws Exception {
    ImageManifest m = ManifestJson.parse(golden("reduce-worker.json"));
    assertThat(m.name().value()).isEqualTo("example.com/reduce-worker");
    assertThat(m.acVersion().toString()).isEqualTo("0.8.11");
    assertThat(m.labels().get("arch")).contains("amd64");
    App app = m.app().orElseThrow();
    assertThat(app.exec()).containsExactly("/usr/bin/reduce-worker", "--quiet");
    assertThat(app.supplementaryGIDs()).containsExactly(400, 500);
    assertThat(app.eventHandlers()).extracting(EventHandler::name)
        .containsExactly("pre-start", "post-stop");
    assertThat(app.mountPoints()).containsExactly(
        new MountPoint(AcName.parse("work"), "/var/lib/work", true));
    assertThat(app.ports()).containsExactly(
        new Port(AcName.parse("health"), "tcp", 4000, 1, true));
    assertThat(app.isolators()).extracting(Isolator::name).containsExactly(
        "resource/cpu", "resource/memory", "os/linux/capabilities-retain-set");
    assertThat(app.userLabels()).isEqualTo(Map.of("tier", "backend"));
    assertThat(m.annotations().get("created")).contains("2014-10-27T19:32:27.67021798Z");
    Dependency d = m.dependencies().get(0);
    assertThat(d.imageID().orElseThrow().isFull()).isFalse();
    assertThat(d.size().getAsLong()).isEqualTo(20000);
    assertThat(d.labels().get("env")).contains("canary");
    assertThat(m.pathWhitelist().contains("/etc/systemd/system/")).isTrue();
  }

  @Test
  void roundTrip_builtManifest() throws Exception {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/app"))
        .label("version", "1.0.0").label("os", "linux")
        .app(App.builder().exec("/bin/app").user("0").group("0")
            .supplementaryGIDs(List.of(1))
            .isolators(List.of(Isolator.of("x.example.com/custom", Json.parse("[1, \"a\"]"))))
            .build())
        .annotation("created", "2016-01-02T03:04:05Z")
        .pathWhitelist(PathWhitelist.of(List.of("/bin/app")))
        .build();
    assertThat(ManifestJson.parse(ManifestJson.write(m))).isEqualTo(m);
    assertThat(ManifestJson.parse(ManifestJson.writePretty(m))).isEqualTo(m);
    assertThat(new String(ManifestJson.writePretty(m), UTF_8)).endsWith("}\n").contains("\n  \"name\": ");
  }

  @Test
  void emptyApp_isNotWrittenAsEmptyObject() throws Exception {
    // the reference's TestEmptyApp
    ImageManifest m = ManifestJson.parse(golden("minimal.json"));
    assertThat(m.app()).isEmpty();
    assertThat(new String(ManifestJson.write(m), UTF_8)).doesNotContain("app");
  }

  // ---- accepted input

  @Test
  void unknownFieldsAreIgnored() {
    ManifestCheck c = check(HEAD + ",\"future\":{\"x\":1},\"app\":{\"user\":\"0\",\"group\":\"0\",\"extra\":true}}");
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void supplementaryGids_acceptedOnInput_writtenAsSupplementaryGIDs() throws Exception {
    ManifestCheck c = checkApp(",\"supplementaryGids\":[4,27]");
    assertThat(c.manifest().orElseThrow().app().orElseThrow().supplementaryGIDs())
        .containsExactly(4, 27);
    assertThat(new String(ManifestJson.write(c.manifest().orElseThrow()), UTF_8))
        .contains("\"supplementaryGIDs\":[4,27]");
  }

  @Test
  void unknownIsolator_acceptedWithWarning() {
    // jaci differs from a strict reading of the reference: unknown isolators are kept, with a warning.
    ManifestCheck c = checkApp(",\"isolators\":[{\"name\":\"resource/network-ponies\",\"value\":0}]");
    assertThat(c.errors()).isEmpty();
    assertThat(c.warnings()).containsExactly("app.isolators[0].name: unknown isolator"
        + " \"resource/network-ponies\" accepted without checking its value");
  }

  @Test
  void portCountDefaultsToOne() {
    ManifestCheck c = checkApp(",\"ports\":[{\"name\":\"www\",\"protocol\":\"tcp\",\"port\":80}]");
    assertThat(c.manifest().orElseThrow().app().orElseThrow().ports().get(0).count()).isEqualTo(1);
  }

  // ---- errors

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"acKind\":\"PodManifest\",\"acVersion\":\"0.8.11\",\"name\":\"a\"} | acKind: must be \"ImageManifest\", got \"PodManifest\"",
      "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"A\"} | name: invalid AC identifier \"A\": upper-case letter at 0",
      "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.0.0\",\"name\":\"a\"} | acVersion: invalid acVersion \"0.0.0\": must not be zero",
      "{\"acKind\":\"ImageManifest\",\"name\":\"a\"} | acVersion: is required",
      "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\"} | name: is required",
      "{\"acVersion\":\"0.8.11\",\"name\":\"a\"} | acKind: is required",
      "{\"acKind\":\"ImageManifest\",\"acVersion\":8,\"name\":\"a\"} | acVersion: must be a string, got number 8",
      "[1] | the top level must be a JSON object, got an array",
      "\"x\" | the top level must be a JSON object, got the string \"x\"",
      "'' | invalid JSON: the document is empty, expected an object"})
  void check_topLevelErrors(String json, String error) {
    ManifestCheck c = check(json);
    assertThat(c.errors()).containsExactly(error);
    assertThat(c.manifest()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ",\"exec\":\"not a list\" | app.exec: must be an array of strings, got the string \"not a list\"",
      ",\"exec\":[\"/a\",3] | app.exec[1]: must be a string, got number 3",
      ",\"ports\":[{\"name\":\"a\",\"protocol\":\"tcp\",\"port\":80},{\"name\":\"b\",\"protocol\":\"tcp\",\"port\":0}] | app.ports[1].port: 0 is outside 1..65535",
      ",\"ports\":[{\"name\":\"a_b\",\"protocol\":\"tcp\",\"port\":80}] | app.ports[0].name: invalid AC name \"a_b\": character '_' at 1 is not allowed (only a-z, 0-9 and '-')",
      ",\"ports\":[{\"name\":\"a\",\"protocol\":\"tcp\",\"port\":\"80\"}] | app.ports[0].port: must be an integer, got the string \"80\"",
      ",\"mountPoints\":[{\"name\":\"data\"}] | app.mountPoints[0].path: is required",
      ",\"environment\":[{\"name\":\"0DEBUG\",\"value\":\"1\"}] | app.environment[0].name: invalid environment variable name \"0DEBUG\": must start with a letter or '_' and contain only letters, digits and _.-",
      ",\"eventHandlers\":[{\"name\":\"pre-stop\",\"exec\":[]}] | app.eventHandlers[0].name: unknown event handler \"pre-stop\": must be pre-start or post-stop",
      ",\"workingDirectory\":\"tmp\" | app.workingDirectory: \"tmp\" must be an absolute path",
      ",\"supplementaryGIDs\":[-1] | app.supplementaryGIDs[0]: -1 must not be negative",
      ",\"isolators\":[{\"name\":\"os/linux/cpu-shares\",\"value\":1}] | app.isolators[0].value: 1 is outside 2..262144",
      ",\"userLabels\":{\"a\":1} | app.userLabels.a: must be a string, got number 1",
      ",\"mountPoints\":[{\"name\":\"data\",\"path\":\"/d\",\"readOnly\":\"yes\"}] | app.mountPoints[0].readOnly: must be true or false, got the string \"yes\""})
  void check_appErrors(String appFields, String error) {
    assertThat(checkApp(appFields).errors()).containsExactly(error);
  }

  @Test
  void check_appMustBeObjectWithUserAndGroup() {
    assertThat(check(HEAD + ",\"app\":[]}").errors())
        .containsExactly("app: must be an object, got an array");
    assertThat(check(HEAD + ",\"app\":{\"exec\":[\"/a\"]}}").errors())
        .containsExactly("app.user: is required", "app.group: is required");
  }

  @Test
  void check_labelErrors() {
    ManifestCheck c = check(HEAD + ",\"labels\":[{\"name\":\"os\",\"value\":\"linux\"},"
        + "{\"name\":\"arch\",\"value\":\"arm64\"},{\"name\":\"os\",\"value\":\"linux\"}]}");
    assertThat(c.errors()).containsExactly(
        "labels[2].name: duplicate label \"os\"",
        "labels[1].value: arch \"arm64\" is not valid for os \"linux\" (did you mean \"aarch64\"?):"
            + " must be one of amd64, i386, aarch64, aarch64_be, armv6l, armv7l, armv7b, ppc64,"
            + " ppc64le, s390x");
  }

  @Test
  void check_dependencyErrors() {
    ManifestCheck c = check(HEAD + ",\"dependencies\":[{\"imageID\":\"sha512-xyz\",\"size\":-5}]}");
    assertThat(c.errors()).containsExactly(
        "dependencies[0].imageName: is required",
        "dependencies[0].imageID: invalid image ID \"sha512-xyz\": expected 12 to 128 hex digits, got 3",
        "dependencies[0].size: -5 is outside 0..9223372036854775807");
  }

  @Test
  void check_invalidJsonNamesLineAndColumn() {
    ManifestCheck c = check("{\n  \"acKind\": \"ImageManifest\",\n  \"name\": ]\n}");
    assertThat(c.errors()).hasSize(1);
    assertThat(c.errors().get(0)).startsWith("invalid JSON at line 3, column ");
  }

  @Test
  void check_duplicateKeyIsInvalidJson() {
    ManifestCheck c = check(HEAD + ",\"name\":\"other\"}");
    assertThat(c.errors()).singleElement().asString()
        .startsWith("invalid JSON at line 1").contains("Duplicate field 'name'");
  }

  @Test
  void check_trailingGarbageIsInvalidJson() {
    assertThat(check(HEAD + "} {}").errors()).singleElement().asString()
        .startsWith("invalid JSON at line 1");
  }

  @Test
  void check_reportsEveryIndependentProblem() {
    String json = "{\"acKind\":\"PodManifest\",\"acVersion\":\"1\",\"name\":\"Example.com/x\","
        + "\"labels\":[{\"name\":\"os\",\"value\":\"windows\"}],"
        + "\"app\":{\"exec\":\"/bin/sh\",\"user\":\"\",\"group\":\"0\","
        + "\"ports\":[{\"name\":\"www\",\"protocol\":\"tcp\",\"port\":70000}],"
        + "\"isolators\":[{\"name\":\"resource/memory\",\"value\":{\"default\":true}}]},"
        + "\"annotations\":[{\"name\":\"homepage\",\"value\":\"ftp://example.com\"}],"
        + "\"pathWhitelist\":[\"etc\"]}";
    ManifestCheck c = check(json);
    assertThat(c.errors()).containsExactly(
        "acKind: must be \"ImageManifest\", got \"PodManifest\"",
        "acVersion: invalid semantic version \"1\": expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]"
            + " without leading zeros",
        "name: invalid AC identifier \"Example.com/x\": upper-case letter at 0",
        "labels[0].value: unknown os \"windows\": must be one of darwin, freebsd, linux",
        "app.exec: must be an array of strings, got the string \"/bin/sh\"",
        "app.ports[0].port: 70000 is outside 1..65535",
        "app.isolators[0].value.default: must be false for resource/memory",
        "app.user: must not be empty (a user name or number, e.g. \"0\")",
        "annotations[0].value: homepage \"ftp://example.com\" must be an http or https URL",
        "pathWhitelist[0]: \"etc\" must be an absolute path");
    assertThat(c.manifest()).isEmpty();
  }

  @Test
  void parse_throwsWithEveryProblem() {
    byte[] json = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"-a\",\"pathWhitelist\":[\"x\"]}"
        .getBytes(UTF_8);
    assertThatThrownBy(() -> ManifestJson.parse(json))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessage("name: invalid AC identifier \"-a\": must start with a letter or digit, not '-';"
            + " pathWhitelist[0]: \"x\" must be an absolute path")
        .satisfies(e -> assertThat(((InvalidManifestException) e).problems()).hasSize(2));
  }
}
