package io.jaci.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff of a begun tree reads only the files whose {@link ChangeStamp} (inode and ctime)
 * moved since the record's hash (issue 12, Speed: each Dockerfile step's diff hashed the
 * whole tree): a file that kept its stamp is unchanged without being read, and a file changed
 * in place with its size and mtime put back is still found, by its moved ctime.
 */
class ChangeStampDiffTest {
  private static final ImageId BASE = ImageId.parse("sha512-" + "cd".repeat(64));

  @TempDir Path tmp;
  private Path rootfs;

  @BeforeEach
  void tree() throws Exception {
    rootfs = Files.createDirectories(tmp.resolve("rootfs/etc")).getParent();
    Files.writeString(rootfs.resolve("etc/kept"), "kept");
    Files.writeString(rootfs.resolve("etc/edited"), "aaaa");
    Thread.sleep(300); // the stamps' ctimes must be older than the margin of a clock tick
  }

  private List<ScannedFile> scan() throws Exception {
    return TreeScanner.scan(rootfs, EntryPath.ROOTFS, w -> { }).files();
  }

  /** The record of the tree now, with its stamps; {@code lies} gives a file a wrong hash. */
  private BuildRecord record(String lies) throws Exception {
    Map<String, RecordEntry> entries = new LinkedHashMap<>();
    for (ScannedFile f : scan()) {
      TarHeader h = f.header();
      String rel = EntryPath.belowRootfs(h.name());
      boolean file = h.type() == TarEntryType.REGULAR;
      String sha = !file ? null : rel.equals(lies) ? "00".repeat(64) : ContentHash.of(f.source());
      ChangeStamp stamp = file ? ChangeStamp.readAt(f.source(), Long.MAX_VALUE) : null;
      entries.put(rel, new RecordEntry(h.withName(rel), sha, RecordEntry.LaidDown.as(h), stamp));
    }
    return new BuildRecord(BASE, entries);
  }

  private List<String> changedFiles(BuildRecord record) throws Exception {
    return new TreeDiff(record, true, null).compute(scan(), false).entries().stream()
        .map(ScannedFile::header).filter(h -> h.type() == TarEntryType.REGULAR)
        .map(TarHeader::name).toList();
  }

  @Test
  void aFileWithTheRecordsStamp_isNotRead() throws Exception {
    // the record's hash of etc/kept is wrong: reading the file would call it changed
    assertThat(changedFiles(record("etc/kept"))).isEmpty();
  }

  @Test
  void aFileChangedInPlace_withItsSizeAndMtimePutBack_isFoundByItsCtime() throws Exception {
    BuildRecord record = record(null);
    Path edited = rootfs.resolve("etc/edited");
    FileTime mtime = Files.getLastModifiedTime(edited);
    Files.writeString(edited, "bbbb");
    Files.setLastModifiedTime(edited, mtime);
    assertThat(changedFiles(record)).containsExactly("rootfs/etc/edited");
  }

  @Test
  void aFileChangedJustNow_hasNoStampToVouchForIt() throws Exception {
    Path fresh = rootfs.resolve("etc/fresh");
    Files.writeString(fresh, "new");
    assertThat(ChangeStamp.readAt(fresh, ChangeStamp.now())).isNull();
    assertThat(ChangeStamp.readAt(rootfs.resolve("etc/kept"), ChangeStamp.now()))
        .isNotNull();
  }
}
