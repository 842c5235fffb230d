package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.AcName;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code --volume} as issue 11 writes it; defaults and kind rules from pods.md ({@code kind}
 * host needs {@code source}) and the appc schema (an empty volume is 0755, 0:0 unless given).
 */
class VolumeTest {

  @Test
  void parse_hostVolume() {
    assertThat(Volume.parse("output,kind=host,source=/home/core"))
        .isEqualTo(new Volume(AcName.parse("output"), Volume.Kind.HOST,
            Optional.of(Path.of("/home/core")), false, 0, 0, 0));
  }

  @Test
  void parse_hostVolumeReadOnly() {
    assertThat(Volume.parse("data,kind=host,source=/srv,readOnly=true").readOnly()).isTrue();
  }

  @Test
  void parse_emptyVolumeHasAppcDefaults() {
    assertThat(Volume.parse("database,kind=empty"))
        .isEqualTo(new Volume(AcName.parse("database"), Volume.Kind.EMPTY, Optional.empty(),
            false, 0755, 0, 0));
  }

  @Test
  void parse_emptyVolumeWithModeAndOwner() {
    Volume v = Volume.parse("cache,kind=empty,mode=1777,uid=1000,gid=4294967294,readOnly=false");
    assertThat(v.mode()).isEqualTo(01777);
    assertThat(v.uid()).isEqualTo(1000);
    assertThat(v.gid()).isEqualTo(4294967294L);
  }

  @Test
  void implicitEmpty_is0755OwnedByRoot() {
    Volume v = Volume.implicitEmpty(AcName.parse("db"));
    assertThat(v.kind()).isEqualTo(Volume.Kind.EMPTY);
    assertThat(v.mode()).isEqualTo(0755);
    assertThat(v.uid()).isZero();
    assertThat(v.gid()).isZero();
    assertThat(v.readOnly()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "data                                 | kind= is missing",
      "data,kind=tmpfs                      | kind=tmpfs is not a volume kind, use host or empty",
      "data,kind=host                       | source= is missing",
      "data,kind=host,source=               | source= is missing",
      "data,kind=host,source=rel/dir        | source=rel/dir must be an absolute host path",
      "data,kind=host,source=/x,mode=0700   | mode is only for kind=empty",
      "data,kind=host,source=/x,uid=1       | uid is only for kind=empty",
      "data,kind=empty,source=/x            | source is only for kind=host",
      "data,kind=empty,mode=999             | mode=999 must be octal permission bits",
      "data,kind=empty,mode=rwx             | mode=rwx must be octal permission bits",
      "data,kind=empty,uid=-1               | uid=-1 must be a number from 0 to 4294967294",
      "data,kind=empty,gid=4294967295       | gid=4294967295 must be a number",
      "data,kind=empty,readOnly=yes         | readOnly=yes must be true or false",
      "data,kind=empty,kind=host            | kind is given twice",
      "data,kind=empty,size=1G              | unknown key \"size\"",
      "data,kind=empty,ro                   | \"ro\" is not KEY=VALUE",
      "kind=empty                           | it must start with the volume's name",
      "Data,kind=empty                      | invalid AC name \"Data\"",
      ",kind=empty                          | invalid AC name \"\""})
  void parse_rejectsWithOneLineNamingTheValue(String text, String why) {
    assertThatThrownBy(() -> Volume.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--volume " + text + ": ")
        .hasMessageContaining(why)
        .hasMessageNotContaining("\n");
  }
}
