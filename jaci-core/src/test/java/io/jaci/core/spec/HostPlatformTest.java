package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPlatformTest {
  @Test
  void javaNamesBecomeAppcLabels() {
    assertThat(HostPlatform.os("Linux")).isEqualTo("linux");
    assertThat(HostPlatform.os("Mac OS X")).isEqualTo("darwin");
    assertThat(HostPlatform.os("FreeBSD")).isEqualTo("freebsd");
    assertThat(HostPlatform.arch("linux", "amd64")).isEqualTo("amd64");
    assertThat(HostPlatform.arch("linux", "x86_64")).isEqualTo("amd64");
    assertThat(HostPlatform.arch("linux", "aarch64")).isEqualTo("aarch64");
    assertThat(HostPlatform.arch("linux", "x86")).isEqualTo("i386");
    assertThat(HostPlatform.arch("linux", "ppc64le")).isEqualTo("ppc64le");
    assertThat(HostPlatform.arch("darwin", "amd64")).isEqualTo("x86_64");
    assertThat(HostPlatform.arch("freebsd", "amd64")).isEqualTo("amd64");
  }

  @Test
  void thisMachinesLabelsAreValidTogether() {
    assertThat(Labels.of("os", HostPlatform.os(), "arch", HostPlatform.arch()).size())
        .isEqualTo(2);
  }

  @Test
  void withoutAnAppcName_theMessageSaysToGiveTheLabel() {
    assertThatThrownBy(() -> HostPlatform.arch("linux", "riscv64"))
        .hasMessageContaining("riscv64").hasMessageContaining("give the arch label yourself");
    assertThatThrownBy(() -> HostPlatform.os("Windows 11"))
        .hasMessageContaining("give the os label yourself");
  }
}
