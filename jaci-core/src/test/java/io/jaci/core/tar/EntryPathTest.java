package io.jaci.core.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.tar.EntryPath.Problem;
import io.jaci.core.tar.EntryPath.UnsafeNameException;
import io.jaci.core.tar.EntryPath.Whiteout;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, "one vocabulary per concept": the rules for entry names that ACIs, layers, rootfs
 * tarballs and data.tar share. Good and bad vectors by the tar and OCI layer conventions.
 */
class EntryPathTest {
  @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
  @CsvSource(delimiter = '|', emptyValue = "", value = {
      "./a//b/./c/ | a/b/c",
      "./          | ''",
      "''          | ''",
      ".           | ''",
      "a/.../b     | a/.../b",
      "..a/b..     | ..a/b..",
      "rootfs/     | rootfs",
      ".wh.x       | .wh.x"})
  void clean_dropsDotsEmptyPartsAndTheTrailingSlash(String raw, String clean) throws Exception {
    assertThat(EntryPath.clean(raw)).isEqualTo(clean);
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(delimiter = '|', value = {
      "/etc/passwd | ABSOLUTE",
      "//x         | ABSOLUTE",
      "/../x       | ABSOLUTE",
      "..          | DOT_DOT",
      "../         | DOT_DOT",
      "./..        | DOT_DOT",
      "a/../b      | DOT_DOT",
      "a/..        | DOT_DOT",
      "rootfs/./../x | DOT_DOT"})
  void clean_refusesNamesThatLeave(String raw, Problem problem) {
    assertThatThrownBy(() -> EntryPath.clean(raw)).isInstanceOf(UnsafeNameException.class)
        .satisfies(e -> assertThat(((UnsafeNameException) e).problem()).isEqualTo(problem));
  }

  @Test
  void clean_refusesANulByte_andTheMessagesNameTheName() {
    assertThatThrownBy(() -> EntryPath.clean("a\0/../../x"))
        .hasMessage("name with a NUL byte \"a\\0/../../x\"");
    assertThatThrownBy(() -> EntryPath.clean("/etc/passwd"))
        .hasMessage("absolute name \"/etc/passwd\"");
    assertThatThrownBy(() -> EntryPath.clean("a/../b")).hasMessage("name with \"..\" \"a/../b\"");
  }

  @Test
  void cleanForExtraction_saysTheNameLeavesTheTarget() throws Exception {
    assertThat(EntryPath.clean("./rootfs/a", "entry")).isEqualTo("rootfs/a");
    assertThatThrownBy(() -> EntryPath.clean("../x", "entry \"../x\""))
        .isInstanceOf(JaciException.class).hasMessage("entry \"../x\": leaves the target");
    assertThatThrownBy(() -> EntryPath.clean("/x", "entry \"/x\""))
        .hasMessage("entry \"/x\": leaves the target (absolute name)");
    assertThatThrownBy(() -> EntryPath.clean("x\0", "entry"))
        .hasMessage("entry: leaves the target (NUL byte in the name)");
  }

  @Test
  void belowRootfs_andInRootfs_areInverse() {
    assertThat(EntryPath.belowRootfs("rootfs")).isEmpty();
    assertThat(EntryPath.belowRootfs("rootfs/etc/passwd")).isEqualTo("etc/passwd");
    assertThat(EntryPath.belowRootfs("manifest")).isNull();
    assertThat(EntryPath.belowRootfs("rootfsx/a")).isNull();
    assertThat(EntryPath.inRootfs("")).isEqualTo("rootfs");
    assertThat(EntryPath.inRootfs("etc/passwd")).isEqualTo("rootfs/etc/passwd");
    for (String path : new String[] {"", "a", "a/b/c"}) {
      assertThat(EntryPath.belowRootfs(EntryPath.inRootfs(path))).isEqualTo(path);
    }
  }

  @Test
  void whiteout_tellsFileOpaqueAndBookkeepingApart() throws Exception {
    assertThat(EntryPath.whiteout("a/b")).isNull();
    assertThat(EntryPath.whiteout("a/.wh.b")).isEqualTo(new Whiteout("a/b", false));
    assertThat(EntryPath.whiteout(".wh.b")).isEqualTo(new Whiteout("b", false));
    assertThat(EntryPath.whiteout("a/.wh..wh..opq")).isEqualTo(new Whiteout("a", true));
    assertThat(EntryPath.whiteout(".wh..wh..opq")).isEqualTo(new Whiteout("", true));
    assertThat(EntryPath.whiteout("a/.wh..wh.plnk")).isEqualTo(new Whiteout(null, false));
  }

  @ParameterizedTest
  @CsvSource({"a/.wh.", ".wh..", "a/.wh..."})
  void whiteout_ofNoName_isRefused(String name) {
    assertThatThrownBy(() -> EntryPath.whiteout(name)).isInstanceOf(UnsafeNameException.class)
        .hasMessageEndingWith(", which names no file")
        .satisfies(e -> assertThat(((UnsafeNameException) e).problem())
            .isEqualTo(Problem.NAMELESS_WHITEOUT));
  }

  @Test
  void whiteoutName_isWhatWhiteoutReads() throws Exception {
    assertThat(EntryPath.whiteoutName("etc/passwd")).isEqualTo("etc/.wh.passwd");
    assertThat(EntryPath.whiteoutName("tmp")).isEqualTo(".wh.tmp");
    for (String path : new String[] {"tmp", "etc/passwd", "a/b/.c"}) {
      assertThat(EntryPath.whiteout(EntryPath.whiteoutName(path)))
          .isEqualTo(new Whiteout(path, false));
    }
  }

  @Test
  void hardLinkProblem_wantsAnEarlierFileOfTheRootfs() {
    Set<String> earlier = Set.of("manifest", "rootfs", "rootfs/a");
    assertThat(EntryPath.hardLinkProblem("rootfs/b", "./rootfs/a", earlier)).isNull();
    assertThat(EntryPath.hardLinkProblem("rootfs/b", "/etc/shadow", earlier))
        .isEqualTo("entry \"rootfs/b\": hard link to absolute name \"/etc/shadow\"");
    for (String target : new String[] {"manifest", "rootfs/b", "rootfs/c", "rootfs"}) {
      assertThat(EntryPath.hardLinkProblem("rootfs/b", target, earlier))
          .isEqualTo("entry \"rootfs/b\": hard link to \"" + target
              + "\", which is not an earlier file of the rootfs");
    }
  }
}
