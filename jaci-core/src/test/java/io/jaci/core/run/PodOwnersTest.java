package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 ("Debian packages configured"): what a rootless pod's scripts wrote with other
 * owners is on the disk as subordinate IDs, which map back to the image's.
 */
class PodOwnersTest {
  private static final IdMapping.Range RANGE = new IdMapping.Range(200_000, 65_536);

  @Test
  void aNormalUsersPodOwnersMapBackThroughItsSubordinateRange() {
    PodOwners ids = new PodOwners(new IdMapping(false, Optional.of(RANGE), Optional.of(RANGE)),
        65534, 65534);
    assertThat(ids.identity()).isFalse();
    assertThat(ids.uid(65534)).isZero(); // the user is root in the pod
    assertThat(ids.uid(200_000)).isEqualTo(1);
    assertThat(ids.gid(200_041)).isEqualTo(42); // group shadow
    assertThat(ids.gid(265_535)).isEqualTo(65_536);
    assertThat(ids.uid(265_536)).isEqualTo(-1);
    assertThat(ids.uid(0)).isEqualTo(-1);
  }

  @Test
  void withoutARangeOnlyTheUserMapsAndAsRootNothingChanges() {
    PodOwners single = new PodOwners(new IdMapping(false, Optional.empty(), Optional.empty()),
        1000, 1000);
    assertThat(single.uid(1000)).isZero();
    assertThat(single.gid(200_041)).isEqualTo(-1);
    PodOwners root = new PodOwners(new IdMapping(true, Optional.empty(), Optional.empty()), 0, 0);
    assertThat(root.identity()).isTrue();
    assertThat(root.gid(43)).isEqualTo(43);
  }
}
