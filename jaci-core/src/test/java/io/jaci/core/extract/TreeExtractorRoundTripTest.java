package io.jaci.core.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.fs.Xattrs;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracts a rich archive and compares every file with the header it was written from. */
class TreeExtractorRoundTripTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final boolean ROOT = SpecialFiles.effectiveUid() == 0;
  private static final String LONG = "rootfs/" + "long-directory-name/".repeat(12) + "file";
  private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0};

  @TempDir Path tmp;

  private static TarHeader h(String name, TarEntryType type, int mode, long mtime, String link) {
    long owner = ROOT ? 1234 : 0;
    return Tars.header(name, type, mode, owner, owner + 1, mtime, link, null);
  }

  private Tars richTree(boolean userXattrs) {
    Tars t = Tars.tar()
        .file("manifest", "{\"acKind\":\"ImageManifest\"}")
        .add(h("rootfs", TarEntryType.DIRECTORY, 0755, 1_500_000_000L, ""), null)
        .add(h("rootfs/bin", TarEntryType.DIRECTORY, 0755, 1_500_000_001L, ""), null)
        .add(h("rootfs/bin/su", TarEntryType.REGULAR, 04755, 1_500_000_002L, "").withSize(5),
            "su!\n\0".getBytes(StandardCharsets.UTF_8))
        .add(h("rootfs/bin/sgid", TarEntryType.REGULAR, 02711, 1_500_000_003L, "").withSize(1),
            new byte[] {7})
        .add(h("rootfs/bin/su-link", TarEntryType.HARD_LINK, 04755, 1_500_000_002L,
            "rootfs/bin/su"), null)
        .add(h("rootfs/tmp", TarEntryType.DIRECTORY, 01777, 1_500_000_004L, ""), null)
        .add(h("rootfs/empty", TarEntryType.REGULAR, 0600, 1_500_000_005L, ""), null)
        .add(h("rootfs/lib", TarEntryType.SYMLINK, 0777, 1_500_000_006L, "usr/lib"), null)
        .add(h("rootfs/abs", TarEntryType.SYMLINK, 0777, 1_500_000_007L, "/etc/../x//y/"), null)
        .add(h("rootfs/run", TarEntryType.DIRECTORY, 0700, 1_500_000_008L, ""), null)
        .add(h("rootfs/run/fifo", TarEntryType.FIFO, 0640, 1_500_000_009L, ""), null)
        .add(h("rootfs/ünïcödé", TarEntryType.DIRECTORY, 0750, 1_500_000_010L, ""), null)
        .add(h("rootfs/ünïcödé/名前.txt", TarEntryType.REGULAR, 0444, 1_500_000_011L, "")
            .withSize(3), "名".getBytes(StandardCharsets.UTF_8))
        .add(h(LONG, TarEntryType.REGULAR, 0644, 1_500_000_012L, "").withSize(70_000),
            pattern(70_000))
        .add(h("rootfs/readonly", TarEntryType.DIRECTORY, 0555, 1_500_000_013L, ""), null)
        .add(h("rootfs/readonly/inside", TarEntryType.REGULAR, 0644, 1_500_000_014L, ""), null);
    if (userXattrs) {
      TreeMap<String, byte[]> x = new TreeMap<>();
      x.put("user.binary", new byte[] {0, (byte) 0xff, 10, 0});
      t.add(new TarHeader("rootfs/xattr", TarEntryType.REGULAR, 0644, 0, 0, 0, 1_500_000_015L,
          "", 0, 0, x), null);
    }
    if (ROOT) {
      TreeMap<String, byte[]> cap = new TreeMap<>();
      cap.put("security.capability", CAPABILITY);
      t.add(new TarHeader("rootfs/bin/ping", TarEntryType.REGULAR, 0755, 0, 0, 0,
          1_500_000_016L, "", 0, 0, cap), null);
      t.add(new TarHeader("rootfs/dev", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 1_500_000_017L,
          "", 0, 0, null), null);
      t.add(new TarHeader("rootfs/dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
          1_500_000_018L, "", 1, 3, null), null);
      t.add(new TarHeader("rootfs/dev/loop", TarEntryType.BLOCK_DEVICE, 0660, 0, 6, 0,
          1_500_000_019L, "", 7, 300, null), null);
    }
    return t;
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + i / 251);
    }
    return b;
  }

  private boolean userXattrsSupported() throws IOException {
    Path probe = Files.createFile(tmp.resolve("probe"));
    return Xattrs.write(probe, "user.probe", new byte[] {1}) == Xattrs.WriteOutcome.WRITTEN;
  }

  @Test
  void everyFileComesBackAsWritten() throws Exception {
    boolean xattrs = userXattrsSupported();
    Tars tar = richTree(xattrs);
    Path target = Files.createDirectory(tmp.resolve("target"));
    AtomicLong progressed = new AtomicLong();

    ExtractResult result = TreeExtractor.into(target)
        .progress(new ProgressListener() {
          @Override
          public void advance(long bytes) {
            progressed.addAndGet(bytes);
          }
        })
        .extract(tar.stream());

    long expectedBytes = 0;
    Set<String> expectedPaths = new HashSet<>();
    for (Tars.Entry e : tar.entries()) {
      TarHeader h = e.header();
      if (!h.name().startsWith("rootfs")) {
        continue;
      }
      String rel = h.name().equals("rootfs") ? "" : h.name().substring("rootfs/".length());
      expectedPaths.add(rel);
      Path p = rel.isEmpty() ? target : target.resolve(rel);
      expectedBytes += h.size();
      assertMatches(p, h, e.content(), target);
    }
    assertThat(listRelative(target)).containsExactlyInAnyOrderElementsOf(withParents(
        expectedPaths));
    assertThat(result.entries()).isEqualTo(expectedPaths.size());
    assertThat(result.contentBytes()).isEqualTo(expectedBytes);
    assertThat(progressed.get()).isEqualTo(expectedBytes);
    if (ROOT) {
      assertThat(result.notRestored()).isEmpty();
      assertThat(Xattrs.read(target.resolve("bin/ping"))).containsKey("security.capability");
    }
  }

  private static Set<String> withParents(Set<String> paths) {
    Set<String> all = new HashSet<>(paths);
    for (String p : paths) {
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        all.add(p.substring(0, i));
      }
    }
    return all;
  }

  private static List<String> listRelative(Path root) throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(p -> all.add(root.relativize(p).toString()));
    }
    return all;
  }

  private static void assertMatches(Path p, TarHeader h, byte[] content, Path target)
      throws IOException {
    Map<String, Object> a = Files.readAttributes(p,
        "unix:mode,uid,gid,size,lastModifiedTime,ino,rdev", NOFOLLOW);
    int mode = (Integer) a.get("mode");
    String what = h.name();
    if (h.type() == TarEntryType.HARD_LINK) {
      Path other = target.resolve(h.linkName().substring("rootfs/".length()));
      assertThat(a.get("ino")).as(what).isEqualTo(Files.getAttribute(other, "unix:ino"));
      return;
    }
    int expectedType = switch (h.type()) {
      case DIRECTORY -> 0040000;
      case REGULAR -> 0100000;
      case SYMLINK -> 0120000;
      case FIFO -> 0010000;
      case CHAR_DEVICE -> 0020000;
      case BLOCK_DEVICE -> 0060000;
      default -> throw new AssertionError(h.type());
    };
    assertThat(mode & 0170000).as("type of %s", what).isEqualTo(expectedType);
    if (h.type() != TarEntryType.SYMLINK) {
      assertThat(mode & 07777).as("mode of %s", what).isEqualTo(h.mode());
    }
    if (ROOT) {
      assertThat(((Integer) a.get("uid")).longValue()).as("uid of %s", what).isEqualTo(h.uid());
      assertThat(((Integer) a.get("gid")).longValue()).as("gid of %s", what).isEqualTo(h.gid());
    }
    assertThat(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis())
        .as("mtime of %s", what).isEqualTo(h.mtime() * 1000);
    switch (h.type()) {
      case REGULAR -> {
        assertThat((Long) a.get("size")).as("size of %s", what).isEqualTo(h.size());
        assertThat(Files.readAllBytes(p)).as("content of %s", what)
            .isEqualTo(content == null ? new byte[0] : content);
      }
      case SYMLINK -> assertThat(Files.readSymbolicLink(p).toString()).as(what)
          .isEqualTo(h.linkName());
      case CHAR_DEVICE, BLOCK_DEVICE -> assertThat((Long) a.get("rdev")).as("rdev of %s", what)
          .isEqualTo(((long) h.devMajor() << 8) | (h.devMinor() & 0xff)
              | ((long) (h.devMinor() & ~0xff) << 12));
      default -> { }
    }
    if (!h.xattrs().isEmpty()) {
      assertThat(Xattrs.read(p)).as("xattrs of %s", what)
          .containsAllEntriesOf(h.xattrs());
    }
  }
}
