package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.extract.UnrestoredOwners;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, rootless with subordinate ranges: the owners a normal user's render cannot give
 * are kept beside the cached tree for the pods to give, the last layer's word for each path,
 * and never a path that the finished tree reaches through a symbolic link (giving an owner
 * there would reach outside the tree).
 */
class TreeOwnersTest {
  @TempDir Path tmp;

  private static final class Layer {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final TarWriter tar = new TarWriter(buf);

    Layer add(String name, TarEntryType type, int mode, long uid, long gid, String link)
        throws Exception {
      byte[] content = type == TarEntryType.REGULAR ? new byte[] {'x'} : new byte[0];
      TarHeader h = new TarHeader("rootfs/" + name, type, mode, uid, gid, content.length,
          1_600_000_000L, link, 0, 0, null);
      if (content.length > 0) {
        tar.write(h, new ByteArrayInputStream(content));
      } else {
        tar.write(h);
      }
      return this;
    }

    ByteArrayInputStream stream() throws Exception {
      tar.close();
      return new ByteArrayInputStream(buf.toByteArray());
    }
  }

  /** A cache entry's rootfs (a finished entry has info.json beside it). */
  private Path entry() throws Exception {
    Path rootfs = Files.createDirectories(tmp.resolve("entry/rootfs"));
    Files.writeString(rootfs.resolveSibling("info.json"), "{}");
    return rootfs;
  }

  @Test
  void aHandEditedList_outsideTheTree_orBesideALayoutsRootfs_isIgnored() throws Exception {
    Path rootfs = entry();
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolveSibling("owners.json"), "["
        + "{\"path\":\"../../x\",\"uid\":1,\"gid\":1,\"mode\":420,\"symlink\":false},"
        + "{\"path\":\"etc/../..\",\"uid\":1,\"gid\":1,\"mode\":420,\"symlink\":false},"
        + "{\"path\":\"/etc\",\"uid\":1,\"gid\":1,\"mode\":420,\"symlink\":false},"
        + "{\"path\":\"etc\",\"uid\":1,\"gid\":1,\"mode\":493,\"symlink\":false}]");
    assertThat(TreeOwners.of(rootfs))
        .containsExactly(new TreeOwners.Entry("etc", 1, 1, 0755, false));
    Files.delete(rootfs.resolveSibling("info.json")); // a layout DIR: manifest, rootfs/
    assertThat(TreeOwners.of(rootfs)).isEmpty();
  }

  @Test
  void lastLayerWins_rootOwnedIsLeftOut_andPathsThroughASymlinkAreDropped() throws Exception {
    Path rootfs = entry();
    UnrestoredOwners owners = new UnrestoredOwners();
    Layer first = new Layer()
        .add("home", TarEntryType.DIRECTORY, 0755, 0, 0, "")
        .add("home/u", TarEntryType.DIRECTORY, 0700, 1000, 1000, "")
        .add("home/u/f", TarEntryType.REGULAR, 0600, 1000, 1000, "")
        .add("srv", TarEntryType.DIRECTORY, 02775, 0, 50, "")
        .add("srv/link", TarEntryType.SYMLINK, 0777, 1000, 50, "/etc/shadow")
        .add("sgid", TarEntryType.REGULAR, 02755, 0, 50, "");
    Layer second = new Layer()
        .add("home", TarEntryType.SYMLINK, 0777, 0, 0, "/etc") // home/u/... now leads out
        .add("sgid", TarEntryType.REGULAR, 0755, 0, 0, ""); // root's now
    for (Layer l : new Layer[] {first, second}) {
      TreeExtractor.into(rootfs).restoreOwners(false).unrestoredOwners(owners)
          .extract(l.stream());
    }
    TreeOwners.write(rootfs, owners);

    assertThat(TreeOwners.of(rootfs)).containsExactly(
        new TreeOwners.Entry("srv", 0, 50, 02775, false),
        new TreeOwners.Entry("srv/link", 1000, 50, 0777, true));
  }

  @Test
  void asRoot_everyOwnerIsGiven_andThereIsNoList() throws Exception {
    Path rootfs = entry();
    UnrestoredOwners owners = new UnrestoredOwners();
    TreeExtractor.into(rootfs).unrestoredOwners(owners).extract(new Layer()
        .add("home/u", TarEntryType.DIRECTORY, 0700, 1000, 1000, "").stream());
    TreeOwners.write(rootfs, owners);

    if (Owners.canChown()) {
      assertThat(TreeOwners.of(rootfs)).isEmpty();
      assertThat(rootfs.resolveSibling("owners.json")).doesNotExist();
    } else {
      // a normal user cannot give the owner: it is listed
      assertThat(TreeOwners.of(rootfs))
          .containsExactly(new TreeOwners.Entry("home/u", 1000, 1000, 0700, false));
    }
  }
}
