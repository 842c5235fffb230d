package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The rendering scenarios on ACIs built by the reference actool (manifest last, Go's tar).
 * actool must be on PATH: with CI=true its absence fails the tests, elsewhere it skips them.
 */
class RenderScenariosActoolTest extends RenderScenariosTest {
  private static Path actool;

  @BeforeAll
  static void findActool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "actool");
      if (Files.isExecutable(p)) {
        actool = p;
        return;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("actool is not on PATH (scripts/install-test-deps.sh builds it)");
    }
    assumeThat(actool).as("actool is not on PATH; skipping the actool rendering scenarios")
        .isNotNull();
  }

  @Override
  void buildAci(Path layout, Path out) throws Exception {
    Process p = new ProcessBuilder(actool.toString(), "build", "--overwrite", layout.toString(),
        out.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("actool build: %s", output).isZero();
  }
}
