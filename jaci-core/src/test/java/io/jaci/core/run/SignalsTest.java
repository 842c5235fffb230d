package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Who jaci runs as, read from /proc instead of through JNA (issue 11, Speed). */
class SignalsTest {
  @Test
  void theEffectiveIdIsTheSecondFieldOfTheStatusLine() {
    String status = "Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t100\t50\t50\t50\n";
    assertThat(Signals.effective(status, "Uid:")).isEqualTo(0);
    assertThat(Signals.effective(status, "Gid:")).isEqualTo(50);
    assertThat(Signals.effective("Uid:\tx\n", "Uid:")).isEqualTo(-1);
    assertThat(Signals.effective("", "Uid:")).isEqualTo(-1);
  }

  @Test
  void theIdsAreThoseOfThisProcess() throws IOException, InterruptedException {
    assertThat(Signals.euid()).isEqualTo(Integer.parseInt(id("-u")));
    assertThat(Signals.egid()).isEqualTo(Integer.parseInt(id("-g")));
  }

  private static String id(String option) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", option).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return out;
  }
}
