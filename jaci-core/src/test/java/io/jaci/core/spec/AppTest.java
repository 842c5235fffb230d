package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors from the reference {@code types/app_test.go}. */
class AppTest {

  static Stream<App.Builder> validApps() {
    return Stream.of(
        App.builder().exec("/bin/httpd").user("0").group("0").workingDirectory("/tmp"),
        App.builder().exec("/app").user("0").group("0")
            .eventHandlers(List.of(new EventHandler("pre-start", List.of()),
                new EventHandler("post-stop", List.of())))
            .environment(List.of(new EnvironmentVariable("DEBUG", "true")))
            .workingDirectory("/tmp"),
        App.builder().exec("/app", "arg1", "arg2").user("0").group("0").workingDirectory("/tmp"),
        App.builder().user("0").group("0").workingDirectory("/tmp"),
        App.builder().exec("app").user("0").group("0").workingDirectory("/tmp"),
        App.builder().exec("bin/app", "arg1").user("0").group("0").workingDirectory("/tmp"));
  }

  @ParameterizedTest
  @MethodSource("validApps")
  void build_acceptsValidApps(App.Builder builder) {
    App app = builder.build();
    assertThat(app.user()).isEqualTo("0");
    assertThat(app.toBuilder().build()).isEqualTo(app);
  }

  static Stream<Object[]> invalidApps() {
    return Stream.of(
        new Object[] {App.builder().exec("/bin/httpd").user("0").group("0")
            .eventHandlers(List.of(new EventHandler("pre-start", List.of()),
                new EventHandler("pre-start", List.of()))),
            "eventHandlers[1].name: duplicate event handler \"pre-start\""},
        new Object[] {App.builder().exec("/bin/httpd").user("0").group("0")
            .eventHandlers(List.of(new EventHandler("post-stop", List.of()),
                new EventHandler("pre-start", List.of()), new EventHandler("post-stop", List.of()))),
            "eventHandlers[2].name: duplicate event handler \"post-stop\""},
        new Object[] {App.builder().exec("/app"),
            "user: must not be empty (a user name or number, e.g. \"0\"); "
                + "group: must not be empty (a group name or number, e.g. \"0\")"},
        new Object[] {App.builder().exec("/app").user("0"),
            "group: must not be empty (a group name or number, e.g. \"0\")"},
        new Object[] {App.builder().exec("app").group("0"),
            "user: must not be empty (a user name or number, e.g. \"0\")"},
        new Object[] {App.builder().exec("/app").user("foo").group("bar").workingDirectory("stuff"),
            "workingDirectory: \"stuff\" must be an absolute path"},
        new Object[] {App.builder().user("foo").group("bar").workingDirectory("../home/fred"),
            "workingDirectory: \"../home/fred\" must be an absolute path"},
        new Object[] {App.builder().user("0").group("0").supplementaryGIDs(List.of(10, -1)),
            "supplementaryGIDs[1]: -1 must not be negative"},
        new Object[] {App.builder().user("0").group("0").environment(List.of(
            new EnvironmentVariable("DEBUG", "true"), new EnvironmentVariable("DEBUG", "false"))),
            "environment[1].name: duplicate environment variable \"DEBUG\""},
        new Object[] {App.builder().user("0").group("0").isolators(List.of(
            Isolator.of("os/linux/cpu-shares", Json.parse("512")),
            Isolator.of("os/linux/cpu-shares", Json.parse("1024")))),
            "isolators[1].name: only one \"os/linux/cpu-shares\" isolator is allowed, another is at [0]"},
        new Object[] {App.builder().user("0").group("0").isolators(List.of(
            Isolator.of("os/linux/seccomp-retain-set", Json.parse("{\"set\": [\"read\"]}")),
            Isolator.of("os/linux/seccomp-remove-set", Json.parse("{\"set\": [\"ptrace\"]}")))),
            "isolators[1].name: \"os/linux/seccomp-remove-set\" cannot be combined with "
                + "\"os/linux/seccomp-retain-set\" at [0]"});
  }

  @ParameterizedTest
  @MethodSource("invalidApps")
  void build_rejectsInvalidApps(App.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void build_repeatableIsolatorsMayRepeat() {
    App app = App.builder().user("0").group("0").isolators(List.of(
        Isolator.capabilitiesRetainSet(List.of("CAP_NET_BIND_SERVICE")),
        Isolator.capabilitiesRetainSet(List.of("CAP_CHOWN")))).build();
    assertThat(app.isolators()).hasSize(2);
  }

  @Test
  void toBuilder_copiesEveryField() {
    Map<String, String> userLabels = new LinkedHashMap<>();
    userLabels.put("z", "1");
    userLabels.put("a", "2");
    App app = App.builder()
        .exec("/bin/redis-server", "--port", "6379")
        .user("redis").group("redis").supplementaryGIDs(List.of(5, 6))
        .eventHandlers(List.of(new EventHandler("pre-start", List.of("/bin/prepare"))))
        .workingDirectory("/data")
        .environment(List.of(new EnvironmentVariable("PATH", "/bin")))
        .mountPoints(List.of(new MountPoint(AcName.parse("data"), "/data", false)))
        .ports(List.of(Port.of(AcName.parse("redis"), "tcp", 6379)))
        .isolators(List.of(Isolator.of("os/linux/no-new-privileges", Json.parse("true"))))
        .userAnnotations(Map.of("maintainer", "ops@example.com"))
        .userLabels(userLabels)
        .build();
    App copy = app.toBuilder().build();
    assertThat(copy).isEqualTo(app);
    assertThat(copy.userLabels().keySet()).containsExactly("z", "a");
    assertThat(app.toBuilder().user("root").build().user()).isEqualTo("root");
  }

  @Test
  void environmentVariable_setsOrReplaces() {
    App app = App.builder().user("0").group("0")
        .environmentVariable("A", "1").environmentVariable("B", "2").environmentVariable("A", "3")
        .build();
    assertThat(app.environment()).containsExactly(
        new EnvironmentVariable("A", "3"), new EnvironmentVariable("B", "2"));
  }

  @Test
  void lists_areUnmodifiable() {
    App app = App.builder().exec("/a").user("0").group("0").build();
    assertThatThrownBy(() -> app.exec().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
