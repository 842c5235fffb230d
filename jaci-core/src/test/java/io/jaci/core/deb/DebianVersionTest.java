package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

  /** a, the expected order (<, = or >), b: from Debian policy 5.6.12 and dpkg's behaviour. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = ' ', value = {
      "1.0 < 1.1",
      "1.2.3 < 1.10",
      "1.0~rc1 < 1.0",
      "1.0~~ < 1.0~~a",
      "1.0~~a < 1.0~",
      "1.0~ < 1.0",
      "1.0 < 1.0a",
      "1.0a < 1.0.",
      "1.0 < 1.0+b1",
      "1:0.1 > 2.0",
      "0:1.0 = 1.0",
      "1.0 = 1.0-0",
      "1.001 = 1.1",
      "1.0-1 < 1.0-2",
      "1.0-1 < 1.0-1.1",
      "1.0-9 < 1.0-10",
      "1.0+dfsg-1 > 1.0-1",
      "7.88.1-10+deb12u5 > 7.88.1-10",
      "2.36-9+deb12u7 > 2.36-9+deb12u4",
      "10 > 9",
      "1.0-1~bpo1 < 1.0-1",
      "2:1 > 1:9",
      "1.0a < 1.0b",
      "1.0-a < 1.0-b",
      "1.0.0 > 1.0",
  })
  void ordersLikeDpkg(String a, String expected, String b) throws Exception {
    int c = Integer.signum(DebianVersion.parse(a).compareTo(DebianVersion.parse(b)));
    int want = expected.equals("<") ? -1 : expected.equals("=") ? 0 : 1;
    assertThat(c).as("%s vs %s", a, b).isEqualTo(want);
    assertThat(Integer.signum(DebianVersion.parse(b).compareTo(DebianVersion.parse(a))))
        .isEqualTo(-want);
    assertThat(dpkgSays(a, b)).isIn(want, null);
  }

  /** dpkg --compare-versions itself, when it is on the machine, as a second witness. */
  private static Integer dpkgSays(String a, String b) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/bin/dpkg"))) {
      return null;
    }
    for (String[] op : new String[][] {{"lt", "-1"}, {"eq", "0"}, {"gt", "1"}}) {
      Process p = new ProcessBuilder("dpkg", "--compare-versions", a, op[0], b).start();
      if (p.waitFor() == 0) {
        return Integer.parseInt(op[1]);
      }
    }
    throw new AssertionError("dpkg has no order for " + a + " and " + b);
  }

  @Test
  void parsesParts() {
    DebianVersion v = DebianVersion.parse("1:2.3-4-5");
    assertThat(v.epoch()).isEqualTo(1);
    assertThat(v.upstream()).isEqualTo("2.3-4");
    assertThat(v.revision()).isEqualTo("5");
    assertThat(v.toString()).isEqualTo("1:2.3-4-5");
    assertThat(DebianVersion.parse("2.0").toString()).isEqualTo("2.0");
  }

  @Test
  void rejectsBadVersions() {
    assertThatThrownBy(() -> DebianVersion.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DebianVersion.parse("x:1")).hasMessageContaining("epoch");
    assertThatThrownBy(() -> DebianVersion.parse("1.0 2")).hasMessageContaining("' '");
    assertThatThrownBy(() -> DebianVersion.parse("-1")).hasMessageContaining("upstream");
  }
}
