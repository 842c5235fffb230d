package io.jaci.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.fs.ScannedFile;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What changed means when begin ran without root: the record says the image's owner and a
 * device node, the disk has the user's owner and no node. Only a change on disk counts.
 */
class RootlessDiffTest {
  private static final ImageId BASE = ImageId.parse("sha512-" + "ab".repeat(64));
  private static final int USER = 65534;

  @TempDir Path tmp;
  private Path rootfs;

  @BeforeEach
  void tree() throws Exception {
    rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
    rootfs = tmp.resolve("rootfs");
    Files.createDirectory(rootfs.resolve("dev"));
    Files.writeString(rootfs.resolve("etc/shadow"), "secret");
    for (Path p : List.of(rootfs, rootfs.resolve("etc"), rootfs.resolve("dev"),
        rootfs.resolve("etc/shadow"))) {
      chown(p, USER, USER);
    }
  }

  private static void chown(Path p, int uid, int gid) throws Exception {
    Files.setAttribute(p, "unix:uid", uid);
    Files.setAttribute(p, "unix:gid", gid);
  }

  private List<ScannedFile> scan() throws Exception {
    return TreeScanner.scan(rootfs, "rootfs", w -> { }).files();
  }

  /** The record of a rootless begin: the image owns everything as root, shadow as 0:42. */
  private BuildRecord record() throws Exception {
    Map<String, RecordEntry> entries = new LinkedHashMap<>();
    for (ScannedFile f : scan()) {
      TarHeader disk = f.header();
      String rel = EntryPath.belowRootfs(disk.name());
      TarHeader image = disk.withName(rel).withOwner(0, rel.equals("etc/shadow") ? 42 : 0);
      String sha = disk.type() == TarEntryType.REGULAR ? ContentHash.of(f.source()) : null;
      entries.put(rel, new RecordEntry(image, sha, RecordEntry.LaidDown.as(disk)));
    }
    TarHeader devNull = new TarHeader("dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
        1_600_000_000L, "", 1, 3, null);
    entries.put("dev/null", new RecordEntry(devNull, null, RecordEntry.LaidDown.absent(devNull)));
    return new BuildRecord(BASE, entries);
  }

  private static TarHeader header(TreeDiff.Result r, String name) {
    return r.entries().stream().map(ScannedFile::header).filter(h -> h.name().equals(name))
        .findFirst().orElseThrow();
  }

  @Test
  void ownersTheUserCouldNotSet_andAMissingDeviceNode_areNoChange() throws Exception {
    TreeDiff.Result r = new TreeDiff(record(), false, null).compute(scan(), false);
    assertThat(r.entries()).extracting(f -> f.header().name()).containsExactly("rootfs");
    assertThat(header(r, "rootfs").uid()).isZero();
    assertThat(r.added() + r.changed() + r.deleted()).isZero();
    assertThat(r.remaining()).containsExactly("/dev", "/dev/null", "/etc", "/etc/shadow");
  }

  @Test
  void squash_givesTheRecordedOwnersAndTheDeviceNode() throws Exception {
    TreeDiff.Result r = new TreeDiff(record(), false, null).compute(scan(), true);
    assertThat(r.entries()).extracting(f -> f.header().name()).containsExactly("rootfs",
        "rootfs/dev", "rootfs/dev/null", "rootfs/etc", "rootfs/etc/shadow");
    assertThat(header(r, "rootfs/etc/shadow").gid()).isEqualTo(42);
    assertThat(header(r, "rootfs/etc/shadow").uid()).isZero();
    TarHeader dev = header(r, "rootfs/dev/null");
    assertThat(dev.type()).isEqualTo(TarEntryType.CHAR_DEVICE);
    assertThat(List.of(dev.devMajor(), dev.devMinor())).containsExactly(1, 3);
  }

  @Test
  void addedFiles_areRootsUnlessAnOwnerIsGiven() throws Exception {
    BuildRecord record = record();
    Path added = Files.writeString(rootfs.resolve("etc/added"), "new");
    chown(added, USER, USER);
    TreeDiff.Result asRoot = new TreeDiff(record, false, null).compute(scan(), false);
    assertThat(header(asRoot, "rootfs/etc/added").uid()).isZero();
    assertThat(header(asRoot, "rootfs/etc/added").gid()).isZero();
    assertThat(asRoot.added()).isEqualTo(1);
    TreeDiff.Result given = new TreeDiff(record, false, new Owner(7, 8))
        .compute(scan(), false);
    assertThat(header(given, "rootfs/etc/added").uid()).isEqualTo(7);
    assertThat(header(given, "rootfs/etc/added").gid()).isEqualTo(8);
    // the unchanged directory above keeps the recorded owner, not the given one
    assertThat(header(given, "rootfs/etc").uid()).isZero();
  }

  @Test
  void anOwnerChangedOnDisk_isAChange() throws Exception {
    BuildRecord record = record();
    chown(rootfs.resolve("etc/shadow"), USER, 100);
    TreeDiff.Result r = new TreeDiff(record, false, null).compute(scan(), false);
    assertThat(r.entries()).extracting(f -> f.header().name()).contains("rootfs/etc/shadow");
    assertThat(r.changed()).isEqualTo(1);
  }

  @Test
  void aFileWhereTheDeviceNodeWas_replacesIt() throws Exception {
    BuildRecord record = record();
    Files.writeString(rootfs.resolve("dev/null"), "");
    TreeDiff.Result r = new TreeDiff(record, false, null).compute(scan(), false);
    assertThat(header(r, "rootfs/dev/null").type()).isEqualTo(TarEntryType.REGULAR);
    assertThat(r.deleted()).isZero();
  }

  @Test
  void aDeviceNodeUnderADeletedDirectory_isDeletedWithIt() throws Exception {
    BuildRecord record = record();
    Files.delete(rootfs.resolve("dev"));
    TreeDiff.Result r = new TreeDiff(record, false, null).compute(scan(), false);
    assertThat(r.deleted()).isEqualTo(2);
    assertThat(r.remaining()).containsExactly("/etc", "/etc/shadow");
  }
}
