package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The reference {@code types/mountpoint_test.go} tests {@code MountPointFromString}, a
 * command-line syntax that belongs to the CLI; here only the value rules: a name and a path.
 */
class MountPointTest {

  @Test
  void holdsItsParts() {
    MountPoint mp = new MountPoint(AcName.parse("foobar"), "/tmp", true);
    assertThat(mp.path()).isEqualTo("/tmp");
    assertThat(mp.readOnly()).isTrue();
  }

  @Test
  void rejectsEmptyPath() {
    assertThatThrownBy(() -> new MountPoint(AcName.parse("foobar"), "", false))
        .hasMessage("path: mount point \"foobar\" needs a path");
  }
}
