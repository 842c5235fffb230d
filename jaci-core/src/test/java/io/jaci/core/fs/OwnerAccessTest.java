package io.jaci.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 5: a normal user's own entries that keep it out (0000) are opened for a read
 * and given back their modes, deepest first, without recursion. The tests act for the owner
 * of the test files ({@link OwnerAccess#forOwner}), so they run the same as root.
 */
class OwnerAccessTest {
  @TempDir Path tmp;
  private Path root;
  private long owner;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectory(tmp.resolve("rootfs"));
    Files.writeString(root.resolve("shadow"), "secret");
    Files.createDirectories(root.resolve("locked/readonly"));
    Files.writeString(root.resolve("locked/inner"), "inner");
    Files.writeString(root.resolve("locked/readonly/open"), "open");
    Files.createSymbolicLink(root.resolve("link"), Path.of("shadow"));
    chmod("locked/readonly/open", 0644);
    chmod("locked/readonly", 0555);
    chmod("locked/inner", 0);
    chmod("locked", 0);
    chmod("shadow", 0);
    owner = ((Integer) Files.getAttribute(root, "unix:uid")).longValue();
  }

  private void chmod(String rel, int mode) throws IOException {
    Files.setAttribute(root.resolve(rel), "unix:mode", mode);
  }

  private int mode(String rel) throws IOException {
    return (Integer) Files.getAttribute(root.resolve(rel), "unix:mode",
        LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void item5_openTree_opensWhatKeepsTheOwnerOut_andRestoreGivesTheModesBack()
      throws IOException {
    OwnerAccess access = OwnerAccess.forOwner(owner).openTree(root);

    Map<String, Integer> opened = access.opened().stream().collect(Collectors.toMap(
        o -> root.relativize(o.path()).toString(), OwnerAccess.Opened::mode));
    assertThat(opened).containsOnly(Map.entry("shadow", 0), Map.entry("locked", 0),
        Map.entry("locked/inner", 0), Map.entry("locked/readonly", 0555));
    List<Path> order = access.opened().stream().map(OwnerAccess.Opened::path).toList();
    assertThat(order.indexOf(root.resolve("locked")))
        .isLessThan(order.indexOf(root.resolve("locked/inner")));
    assertThat(mode("shadow")).isEqualTo(0400);
    assertThat(mode("locked")).isEqualTo(0700);
    assertThat(mode("locked/readonly")).isEqualTo(0755);
    assertThat(mode("locked/readonly/open")).isEqualTo(0644);

    access.restore();
    assertThat(List.of(mode("shadow"), mode("locked"), mode("locked/inner"),
        mode("locked/readonly"))).containsExactly(0, 0, 0, 0555);
    assertThat(access.opened()).isEmpty();
  }

  @Test
  void item5_scanWithAccess_keepsTheModesTheEntriesHad() throws IOException {
    OwnerAccess access = OwnerAccess.forOwner(owner);
    List<TarHeader> headers = TreeScanner.scan(root, "rootfs", w -> { }, access).files()
        .stream().map(ScannedFile::header).toList();
    assertThat(headers).filteredOn(h -> h.name().equals("rootfs/locked/inner"))
        .singleElement().extracting(TarHeader::mode).isEqualTo(0);
    assertThat(Files.readString(root.resolve("locked/inner"))).isEqualTo("inner");
    access.restore();
    assertThat(mode("locked/inner")).isZero();
    assertThat(mode("locked")).isZero();
  }

  @Test
  void anotherOwnersEntriesAreLeftAlone() throws IOException {
    OwnerAccess access = OwnerAccess.forOwner(owner + 12345).openTree(root);
    assertThat(access.opened()).isEmpty();
    assertThat(mode("shadow")).isZero();
  }

  @Test
  void item5_deepTreeOfLockedDirectories_opensRestoresAndDeletesWithoutRecursion()
      throws IOException {
    Path dir = root;
    for (int i = 0; i < 1500; i++) {
      dir = Files.createDirectory(dir.resolve("d"));
    }
    Files.writeString(dir.resolve("bottom"), "x");
    for (Path p = dir; !p.equals(root); p = p.getParent()) {
      Files.setAttribute(p, "unix:mode", 0);
    }
    OwnerAccess access = OwnerAccess.forOwner(owner).openTree(root);
    assertThat(access.opened()).hasSize(1500 + 4);
    access.restore();
    assertThat(mode("d")).isZero();

    AtomicOutputDirectory.deleteTree(root);
    assertThat(root).doesNotExist();
  }
}
