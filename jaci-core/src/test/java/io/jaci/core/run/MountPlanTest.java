package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.MountPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume rules of ace.md "Volume Setup" and pods.md, one test per rule. */
class MountPlanTest {
  @TempDir Path tmp;

  private static MountPoint point(String name, String path, boolean readOnly) {
    return new MountPoint(AcName.parse(name), path, readOnly);
  }

  private static MountPlan.AppRequest app(String name, List<MountPoint> points,
      MountRequest... mounts) {
    return new MountPlan.AppRequest(name, points, List.of(mounts));
  }

  @Test
  void mountPointWithoutVolume_getsAnImplicitEmptyVolume_sharedByTheApps() throws Exception {
    // The ACE validator's images: both apps have mount point "database" at /db.
    MountPlan plan = MountPlan.resolve(List.of(), List.of(
        app("main", List.of(point("database", "/db", false))),
        app("sidekick", List.of(point("database", "/db", false)))));
    assertThat(plan.volumes()).containsExactly(Volume.implicitEmpty(AcName.parse("database")));
    assertThat(plan.apps()).hasSize(2).allSatisfy(mounts -> assertThat(mounts).containsExactly(
        new AppMount(Volume.implicitEmpty(AcName.parse("database")), "/db", false)));
    // One volume, so one warning (at the first app that needs it).
    assertThat(plan.warnings()).singleElement().asString().startsWith("app main: mount point "
        + "database (/db) has no volume, using an empty one; give --volume database,");
  }

  @Test
  void volumeOfTheMountPointsName_fillsIt() throws Exception {
    Volume db = Volume.parse("database,kind=empty,mode=0700,uid=5");
    MountPlan plan = MountPlan.resolve(List.of(db),
        List.of(app("main", List.of(point("database", "/var/db/", false)))));
    assertThat(plan.apps().get(0)).containsExactly(new AppMount(db, "/var/db", false));
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void explicitMountAtTheMountPointsPath_winsOverTheVolumeOfItsName() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Volume output = Volume.parse("output,kind=host,source=" + src);
    Volume database = Volume.parse("database,kind=empty");
    MountPlan plan = MountPlan.resolve(List.of(output, database),
        List.of(app("main", List.of(point("database", "/db", false)),
            MountRequest.parse("volume=output,target=/db"))));
    assertThat(plan.apps().get(0)).containsExactly(new AppMount(output, "/db", false));
    assertThat(plan.warnings()).containsExactly(
        "volume database is not mounted by any app (no mount point or --mount names it)");
  }

  @Test
  void readOnly_fromTheVolumeOrTheMountPoint() throws Exception {
    Volume ro = Volume.parse("a,kind=empty,readOnly=true");
    Volume rw = Volume.parse("b,kind=empty");
    Volume rw2 = Volume.parse("c,kind=empty");
    MountPlan plan = MountPlan.resolve(List.of(ro, rw, rw2), List.of(app("main",
        List.of(point("a", "/a", false), point("b", "/b", true), point("c", "/c", false)))));
    assertThat(plan.apps().get(0)).extracting(AppMount::readOnly).containsExactly(true, true,
        false);
  }

  @Test
  void mountWithoutMountPoint_isAllowed_atAnyCleanPath() throws Exception {
    Volume v = Volume.parse("scratch,kind=empty");
    MountPlan plan = MountPlan.resolve(List.of(v),
        List.of(app("main", List.of(), MountRequest.parse("volume=scratch,target=/tmp/x"))));
    assertThat(plan.apps().get(0)).containsExactly(new AppMount(v, "/tmp/x", false));
  }

  @Test
  void missingHostSource_isAnError_andIsNotCreated() {
    Path missing = tmp.resolve("not-there");
    Volume v = Volume.parse("output,kind=host,source=" + missing);
    assertThatThrownBy(() -> MountPlan.resolve(List.of(v), List.of()))
        .isInstanceOf(JaciException.class)
        .hasMessage("--volume output: source " + missing + " does not exist; jaci never creates"
            + " it, make it first (e.g. mkdir -p " + missing + ")");
    assertThat(missing).doesNotExist();
  }

  @Test
  void symlinkedHostSource_isAnError_namingTheRealPath() throws Exception {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.createDirectory(real.resolve("sub"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    for (Path source : List.of(link, link.resolve("sub"))) {
      Volume v = Volume.parse("output,kind=host,source=" + source);
      assertThatThrownBy(() -> MountPlan.resolve(List.of(v), List.of()))
          .isInstanceOf(JaciException.class)
          .hasMessageContaining(link + " is a symbolic link")
          .hasMessageEndingWith("give the real path " + source.toRealPath());
    }
  }

  @Test
  void uncleanHostSource_isRefused() {
    Volume v = Volume.parse("output,kind=host,source=" + tmp + "/a/../b");
    assertThatThrownBy(() -> MountPlan.resolve(List.of(v), List.of()))
        .hasMessageContaining("is not a clean path; write " + tmp + "/b");
  }

  @Test
  void hostSourceMayBeAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    Volume v = Volume.parse("conf,kind=host,source=" + file + ",readOnly=true");
    MountPlan plan = MountPlan.resolve(List.of(v),
        List.of(app("main", List.of(), MountRequest.parse("volume=conf,target=/etc/app.conf"))));
    assertThat(plan.apps().get(0)).containsExactly(new AppMount(v, "/etc/app.conf", true));
  }

  @Test
  void overlappingTargets_areAnError() {
    Volume a = Volume.parse("a,kind=empty");
    Volume b = Volume.parse("b,kind=empty");
    // nested, equal, and nested through a mount point
    List<List<MountRequest>> cases = List.of(
        List.of(MountRequest.parse("volume=a,target=/srv"),
            MountRequest.parse("volume=b,target=/srv/data")),
        List.of(MountRequest.parse("volume=a,target=/srv"),
            MountRequest.parse("volume=b,target=/srv/")),
        List.of(MountRequest.parse("volume=b,target=/db/sub")));
    for (List<MountRequest> mounts : cases) {
      assertThatThrownBy(() -> MountPlan.resolve(List.of(a, b), List.of(new MountPlan.AppRequest(
          "main", List.of(point("a", "/db", false)), mounts))))
          .isInstanceOf(JaciException.class)
          .hasMessageStartingWith("app main: mounts overlap: volume ")
          .hasMessageEndingWith("; give each volume its own, separate path");
    }
  }

  @Test
  void siblingTargetsWithACommonPrefix_doNotOverlap() throws Exception {
    Volume a = Volume.parse("a,kind=empty");
    Volume b = Volume.parse("b,kind=empty");
    MountPlan plan = MountPlan.resolve(List.of(a, b), List.of(app("main", List.of(),
        MountRequest.parse("volume=a,target=/srv"), MountRequest.parse("volume=b,target=/srv2"))));
    assertThat(plan.apps().get(0)).hasSize(2);
  }

  @Test
  void sameTargetInDifferentApps_isFine() throws Exception {
    Volume a = Volume.parse("a,kind=empty");
    MountPlan plan = MountPlan.resolve(List.of(a), List.of(
        app("one", List.of(), MountRequest.parse("volume=a,target=/srv")),
        app("two", List.of(), MountRequest.parse("volume=a,target=/srv"))));
    assertThat(plan.apps()).hasSize(2);
    assertThat(plan.volumes()).containsExactly(a);
  }

  @Test
  void mountOfAnUnknownVolume_isAnError() {
    assertThatThrownBy(() -> MountPlan.resolve(List.of(),
        List.of(app("main", List.of(), MountRequest.parse("volume=output,target=/srv")))))
        .isInstanceOf(JaciException.class)
        .hasMessage("--mount volume=output,target=/srv: there is no --volume output; add "
            + "--volume output,kind=empty or kind=host,source=PATH");
  }

  @Test
  void duplicateVolumeNames_areAnError() {
    assertThatThrownBy(() -> MountPlan.resolve(
        List.of(Volume.parse("a,kind=empty"), Volume.parse("a,kind=empty,mode=0700")),
        List.of()))
        .hasMessage("--volume a is given twice; name each volume once");
  }

  @Test
  void relativeMountPointPathInTheImage_isAnError() {
    assertThatThrownBy(() -> MountPlan.resolve(List.of(),
        List.of(app("main", List.of(point("db", "var/db", false))))))
        .isInstanceOf(JaciException.class)
        .hasMessageStartingWith("app main: the image's mount point db: target \"var/db\" must "
            + "be an absolute path");
  }
}
