package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  void appcDefault_isTheSpecsFourteen_allLinuxCapabilities() {
    assertThat(Capabilities.APPC_DEFAULT).hasSize(14);
    assertThat(Capabilities.LINUX).containsAll(Capabilities.APPC_DEFAULT);
  }

  /** Bit order against this machine's linux/capability.h (Debian's linux-libc-dev). */
  @Test
  void linux_matchesTheKernelHeader() throws Exception {
    Path header = Path.of("/usr/include/linux/capability.h");
    if (!(Files.exists(header))) {
      String message = "no kernel headers here (Debian's linux-libc-dev; "
          + "scripts/install-test-deps.sh installs it)";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      assumeTrue(false, "skipped: " + message);
    }
    Matcher m = Pattern.compile("#define (CAP_[A-Z_]+)\\s+([0-9]+)\\s*$", Pattern.MULTILINE)
        .matcher(Files.readString(header));
    List<String> inOrder = new ArrayList<>();
    while (m.find()) {
      if (!m.group(1).equals("CAP_LAST_CAP")) {
        assertThat(Integer.parseInt(m.group(2))).as(m.group(1)).isEqualTo(inOrder.size());
        inOrder.add(m.group(1));
      }
    }
    assertThat(Capabilities.LINUX).containsExactlyElementsOf(inOrder);
  }
}
