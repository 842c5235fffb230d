package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.run.AppRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rkt-style image arguments of jaci run: per-app options, "-- ARGS ---", several images. */
class RunArgumentsTest {
  private static final RunArguments.Defaults NONE = new RunArguments.Defaults(Optional.empty(),
      Optional.empty(), Optional.empty(), List.of("POD=1"), List.of(), false, Optional.empty(),
      List.of(), false, Optional.empty(), Optional.empty());

  @Test
  void twoImages_eachWithItsOptionsAndArguments() throws Exception {
    List<AppRequest> apps = RunArguments.parse(List.of("a.aci", "--user=7", "--set-env", "X=1",
        "--", "sh", "-c", "--user", "---", "b", "--exec", "/bin/b", "--name", "two", "--", "x"),
        NONE);
    assertThat(apps).hasSize(2);
    assertThat(apps.get(0).image()).isEqualTo("a.aci");
    assertThat(apps.get(0).user()).contains("7");
    assertThat(apps.get(0).setEnv()).containsExactly("POD=1", "X=1");
    assertThat(apps.get(0).args()).containsExactly("sh", "-c", "--user");
    assertThat(apps.get(1).exec()).contains("/bin/b");
    assertThat(apps.get(1).name()).contains("two");
    assertThat(apps.get(1).args()).containsExactly("x");
    assertThat(apps.get(1).setEnv()).containsExactly("POD=1");
  }

  @Test
  void argumentsRunToTheEndWithoutTripleDash() throws Exception {
    List<AppRequest> apps = RunArguments.parse(List.of("img", "--", "echo", "b"), NONE);
    assertThat(apps).singleElement().satisfies(a -> assertThat(a.args())
        .containsExactly("echo", "b"));
  }

  @Test
  void badInput_isAUsageErrorNamingIt() {
    assertThatThrownBy(() -> RunArguments.parse(List.of("img", "--bogus", "1"), NONE))
        .isInstanceOf(RunArguments.UsageException.class).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> RunArguments.parse(List.of("img", "--user"), NONE))
        .hasMessageContaining("--user of image img needs a value");
    assertThatThrownBy(() -> RunArguments.parse(List.of(), NONE))
        .hasMessageContaining("an image is needed");
    assertThatThrownBy(() -> RunArguments.parse(List.of("img", "--supplementary-gids", "a"),
        NONE)).hasMessageContaining("--supplementary-gids");
  }
}
