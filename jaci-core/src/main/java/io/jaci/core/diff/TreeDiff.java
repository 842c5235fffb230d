package io.jaci.core.diff;

import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compares a begun tree on disk with its {@link BuildRecord}: which files to write into a
 * diff image (or all of them, squashed) and which paths remain.
 *
 * <p>A file is as the image has it where it is as {@code begin} laid it down: an owner, mode
 * or attribute set that the disk could not hold is not a change, only a change on disk is.
 * It changed when its type, mode, owner, size, mtime, link target, device numbers or
 * extended attributes differ from the record, or, all of those equal, its content's
 * SHA-512. Files of a hard-link group go together: when one name is written, all are, so
 * the links stay links in the rendered result; the directories above a written file are
 * written too, so that its directory keeps its mtime when the diff is rendered.
 */
final class TreeDiff {
  /**
   * @param entries the rootfs entries to write, the root first, in scan order
   * @param remaining every path of the resulting tree but the root, absolute, in scan order
   * @param added files new since begin
   * @param changed files changed since begin
   * @param deleted paths of the record that are gone
   * @param now the tree as it is now, as a record of the image built of this diff would
   *     describe it (what {@link #compute(List, boolean, boolean)} with {@code describeNow} gives;
   *     else null)
   */
  record Result(List<ScannedFile> entries, List<String> remaining, int added, int changed,
      int deleted, Map<String, RecordEntry> now) {}

  private final BuildRecord record;
  private final boolean privileged;
  private final Owner newOwner;
  private final Map<String, Owner> owners;

  /**
   * @param newOwner who owns new files; null: their owner on disk when privileged, else root
   */
  TreeDiff(BuildRecord record, boolean privileged, Owner newOwner) {
    this(record, privileged, newOwner, Map.of());
  }

  /**
   * @param owners the owners of paths (clean, below the rootfs) that the caller knows better
   *     than the disk: what a normal user wrote for another owner
   */
  TreeDiff(BuildRecord record, boolean privileged, Owner newOwner, Map<String, Owner> owners) {
    this.record = record;
    this.privileged = privileged;
    this.newOwner = newOwner;
    this.owners = Map.copyOf(owners);
  }

  private static final class Item {
    final String rel;
    final ScannedFile file;
    final TarHeader disk;
    final RecordEntry was;
    boolean changed;
    String sha512;
    ChangeStamp stamp;

    Item(String rel, ScannedFile file, TarHeader disk, RecordEntry was) {
      this.rel = rel;
      this.file = file;
      this.disk = disk;
      this.was = was;
    }
  }

  Result compute(List<ScannedFile> scanned, boolean squash) throws IOException {
    return compute(scanned, squash, false);
  }

  /**
   * @param describeNow whether to describe the tree as it is now ({@link Result#now}), for
   *     which the changed files are hashed too
   */
  Result compute(List<ScannedFile> scanned, boolean squash, boolean describeNow)
      throws IOException {
    long stampTime = ChangeStamp.now();
    List<Item> items = new ArrayList<>();
    Map<String, Item> byRel = new HashMap<>();
    for (ScannedFile f : scanned) {
      String rel = EntryPath.belowRootfs(f.header().name());
      RecordEntry was = record.entries().get(rel);
      TarHeader image = imageHeader(f.header(), was);
      Owner known = owners.get(rel);
      if (known != null) {
        image = image.withOwner(known.uid(), known.gid());
      }
      Item item = new Item(rel, new ScannedFile(f.source(), image), f.header(), was);
      item.changed = metadataChanged(item);
      items.add(item);
      byRel.put(rel, item);
    }
    compareContents(items, stampTime);
    linkGroupsTogether(items, byRel);
    if (describeNow) {
      hashChanged(items, stampTime);
    }
    Map<String, RecordEntry> now = describeNow ? new TreeMap<>(PathOrder.INSTANCE) : null;

    SortedMap<String, ScannedFile> out = new TreeMap<>(PathOrder.INSTANCE);
    SortedMap<String, Boolean> remaining = new TreeMap<>(PathOrder.INSTANCE);
    int added = 0;
    int changed = 0;
    for (Item i : items) {
      if (i.rel.isEmpty() || squash || i.changed) {
        out.put(i.file.header().name(), i.file);
        withParents(i.rel, byRel, out);
      }
      if (now != null) {
        now.put(i.rel, recordEntry(i));
      }
      if (!i.rel.isEmpty()) {
        remaining.put(i.rel, true);
        added += i.was == null || i.was.laidDown().absent() ? 1 : 0;
        changed += i.was != null && !i.was.laidDown().absent() && i.changed ? 1 : 0;
      }
    }
    int deleted = 0;
    for (RecordEntry e : record.entries().values()) {
      if (byRel.containsKey(e.path())) {
        continue;
      }
      Item parent = byRel.get(RecordMaker.parent(e.path()));
      boolean stillThere = e.laidDown().absent() && parent != null
          && parent.file.header().type() == TarEntryType.DIRECTORY;
      if (stillThere) {
        // a device node begin could not create, which the user left alone
        remaining.put(e.path(), true);
        if (now != null) {
          now.put(e.path(), e);
        }
        if (squash) {
          String name = EntryPath.inRootfs(e.path());
          out.put(name, new ScannedFile(parent.file.source().resolve(
              e.path().substring(e.path().lastIndexOf('/') + 1)), e.image().withName(name)));
        }
      } else {
        deleted++;
      }
    }
    List<String> paths = new ArrayList<>();
    remaining.keySet().forEach(p -> paths.add("/" + p));
    return new Result(new ArrayList<>(out.values()), paths, added, changed, deleted, now);
  }

  /**
   * The record entry of an item as {@link RecordMaker} would make it after rendering the
   * image built of this diff: the image's header (owners the disk cannot hold kept), the
   * disk's as what was laid down, the content's hash.
   */
  private static RecordEntry recordEntry(Item i) {
    TarHeader h = i.file.header();
    String link = h.type() == TarEntryType.HARD_LINK ? EntryPath.belowRootfs(h.linkName())
        : h.linkName();
    TarHeader image = new TarHeader(i.rel, h.type(), h.mode(), h.uid(), h.gid(), h.size(),
        h.mtime(), link, h.devMajor(), h.devMinor(), h.xattrs());
    String sha = h.type() != TarEntryType.REGULAR ? null : i.changed ? i.sha512
        : i.was.sha512();
    return new RecordEntry(image, sha, RecordEntry.LaidDown.as(i.disk),
        h.type() == TarEntryType.REGULAR ? i.stamp : null);
  }

  /**
   * Adds the directories above {@code rel}: laying down a file changes its directory's
   * mtime, which only the directory's own entry (applied after its children) sets back.
   */
  private static void withParents(String rel, Map<String, Item> byRel,
      SortedMap<String, ScannedFile> out) {
    for (String p = RecordMaker.parent(rel); !p.isEmpty(); p = RecordMaker.parent(p)) {
      Item dir = byRel.get(p);
      if (out.putIfAbsent(dir.file.header().name(), dir.file) != null) {
        return;
      }
    }
  }

  /** The disk's header turned into the image's: what begin could not lay down stays. */
  private TarHeader imageHeader(TarHeader disk, RecordEntry was) {
    boolean known = was != null && !was.laidDown().absent()
        && was.image().type() == disk.type();
    if (!known) {
      Owner o = ownerOfNew(disk);
      return disk.withOwner(o.uid(), o.gid());
    }
    RecordEntry.LaidDown laid = was.laidDown();
    TarHeader image = was.image();
    Owner owner = disk.uid() == laid.uid() && disk.gid() == laid.gid()
        ? new Owner(image.uid(), image.gid()) : ownerOfNew(disk);
    int mode = disk.mode() == laid.mode() ? image.mode() : disk.mode();
    SortedMap<String, byte[]> xattrs;
    if (RecordEntry.sameXattrs(disk.xattrs(), laid.xattrs())) {
      xattrs = image.xattrs();
    } else {
      // changed on disk; what begin could not set is still the image's
      xattrs = new TreeMap<>(disk.xattrs());
      for (Map.Entry<String, byte[]> x : image.xattrs().entrySet()) {
        if (!laid.xattrs().containsKey(x.getKey())) {
          xattrs.putIfAbsent(x.getKey(), x.getValue());
        }
      }
    }
    return new TarHeader(disk.name(), disk.type(), mode, owner.uid(), owner.gid(), disk.size(),
        disk.mtime(), disk.linkName(), disk.devMajor(), disk.devMinor(), xattrs);
  }

  private Owner ownerOfNew(TarHeader disk) {
    if (newOwner != null) {
      return newOwner;
    }
    return privileged ? new Owner(disk.uid(), disk.gid()) : Owner.ROOT;
  }

  private static boolean metadataChanged(Item item) {
    RecordEntry was = item.was;
    if (was == null || was.laidDown().absent()) {
      return true;
    }
    TarHeader now = item.file.header();
    TarHeader then = was.image();
    String link = now.type() == TarEntryType.HARD_LINK
        ? EntryPath.belowRootfs(now.linkName()) : now.linkName();
    return now.type() != then.type() || now.mode() != then.mode() || now.uid() != then.uid()
        || now.gid() != then.gid() || now.size() != then.size() || now.mtime() != then.mtime()
        || !link.equals(then.linkName()) || now.devMajor() != then.devMajor()
        || now.devMinor() != then.devMinor()
        || !RecordEntry.sameXattrs(now.xattrs(), then.xattrs());
  }

  /**
   * Decides, on all cores, the files whose metadata cannot tell: a file that kept the {@link
   * ChangeStamp} of the record is unchanged; the others are hashed.
   */
  private static void compareContents(List<Item> items, long stampTime)
      throws IOException {
    List<Item> undecided = items.stream().filter(i -> !i.changed
        && i.file.header().type() == TarEntryType.REGULAR).toList();
    onAllCores(undecided, i -> {
      i.stamp = ChangeStamp.readAt(i.file.source(), stampTime); // before the content
      if (i.stamp == null || !i.stamp.equals(i.was.stamp())) {
        i.changed = !Objects.equals(ContentHash.of(i.file.source()), i.was.sha512());
      }
    });
  }

  private interface ItemWork {
    void apply(Item i) throws IOException;
  }

  private static void onAllCores(List<Item> items, ItemWork work) throws IOException {
    try {
      items.parallelStream().forEach(i -> {
        try {
          work.apply(i);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Hashes, on all cores, the regular files that changed (the others' hash is known). */
  private static void hashChanged(List<Item> items, long stampTime) throws IOException {
    onAllCores(items.stream().filter(i -> i.changed
        && i.file.header().type() == TarEntryType.REGULAR).toList(), i -> {
          i.stamp = ChangeStamp.readAt(i.file.source(), stampTime); // before the content
          i.sha512 = ContentHash.of(i.file.source());
        });
  }

  private static void linkGroupsTogether(List<Item> items, Map<String, Item> byRel) {
    Map<String, List<Item>> groups = new HashMap<>();
    for (Item i : items) {
      if (i.file.header().type() == TarEntryType.HARD_LINK) {
        String first = EntryPath.belowRootfs(i.file.header().linkName());
        groups.computeIfAbsent(first, k -> new ArrayList<>(List.of(byRel.get(k)))).add(i);
      }
    }
    for (List<Item> group : groups.values()) {
      if (group.stream().anyMatch(i -> i.changed)) {
        group.forEach(i -> i.changed = true);
      }
    }
  }
}
