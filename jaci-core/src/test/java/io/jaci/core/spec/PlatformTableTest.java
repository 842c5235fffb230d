package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 (one vocabulary per concept): the one platform table covers every os/arch pair the
 * appc spec allows, and each vocabulary finds its row.
 */
class PlatformTableTest {
  @Test
  void everyPairTheSpecAllows_hasExactlyOneRow_andEveryRowIsValid() {
    List<String> pairs = new ArrayList<>();
    for (PlatformTable.Entry e : PlatformTable.entries()) {
      pairs.add(e.appcOs() + "/" + e.appcArch());
      // the labels validate as appc's os and arch (throws otherwise)
      assertThat(Labels.of("os", e.appcOs(), "arch", e.appcArch()).size()).isEqualTo(2);
    }
    List<String> allowed = new ArrayList<>();
    for (Map.Entry<String, List<String>> os : OsArch.VALID.entrySet()) {
      os.getValue().forEach(arch -> allowed.add(os.getKey() + "/" + arch));
    }
    assertThat(pairs).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allowed);
  }

  @Test
  void eachVocabularyFindsItsRow() {
    // Debian <-> appc, as Debian's and appc's documents name them
    assertThat(PlatformTable.byDebianArch("arm64").orElseThrow().appcArch()).isEqualTo("aarch64");
    assertThat(PlatformTable.byDebianArch("armhf").orElseThrow().appcArch()).isEqualTo("armv7l");
    assertThat(PlatformTable.byDebianArch("ppc64el").orElseThrow().appcArch())
        .isEqualTo("ppc64le");
    assertThat(PlatformTable.byDebianArch("mips64el")).isEmpty();
    // OCI -> appc: arm without variant is v7, arm64/v8 is arm64; os matters
    assertThat(PlatformTable.byOci("linux", "arm", "").orElseThrow().appcArch())
        .isEqualTo("armv7l");
    assertThat(PlatformTable.byOci("linux", "arm64", "v8").orElseThrow().appcArch())
        .isEqualTo("aarch64");
    assertThat(PlatformTable.byOci("darwin", "amd64", "").orElseThrow().appcArch())
        .isEqualTo("x86_64");
    assertThat(PlatformTable.byOci("freebsd", "arm", "v6").orElseThrow().appcArch())
        .isEqualTo("arm");
    assertThat(PlatformTable.byOci("linux", "riscv64", "")).isEmpty();
    // appc -> OCI, and back for every row but the second of a shared OCI name (armv7b)
    for (PlatformTable.Entry e : PlatformTable.entries()) {
      PlatformTable.Entry oci = PlatformTable.byAppcArch(e.appcArch()).orElseThrow();
      String variant = e.goVariant() == null ? "" : e.goVariant();
      PlatformTable.Entry back = PlatformTable.byOci(e.appcOs(), oci.goArch(), variant)
          .orElseThrow();
      if (!e.appcArch().equals("armv7b")) {
        assertThat(back.appcArch()).as(e.toString()).isEqualTo(e.appcArch());
      }
    }
    // the JVM's names
    assertThat(PlatformTable.byJvmArch("linux", "x86_64").orElseThrow().goArch())
        .isEqualTo("amd64");
    assertThat(PlatformTable.byJvmArch("linux", "i686").orElseThrow().debianArch())
        .isEqualTo("i386");
  }
}
