package io.jaci.core.diff;

import io.jaci.core.JaciException;
import io.jaci.core.aci.LayoutManifest;
import io.jaci.core.fs.OwnerAccess;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.TreeOwners;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A directory made by {@link Begin}: {@code manifest}, {@code rootfs/} and the record of
 * what was laid down, {@code .jaci/record.jsonl} ({@link BuildRecord}). It turns into the
 * content of a diff image (what changed since, over the base) or of a squashed one.
 *
 * <pre>{@code
 * BegunDirectory begun = BegunDirectory.open(dir);
 * BegunDirectory.Content c = begun.diff(null);
 * AciBuilder.fromContent(c.manifest(), c.rootfs()).build(Path.of("new.aci"));
 * begun.restoreModes();
 * }</pre>
 */
public final class BegunDirectory {
  private final Path dir;
  private BuildRecord record;
  private final OwnerAccess access = OwnerAccess.forThisProcess();
  private TreeDiff.Result continuable;

  private BegunDirectory(Path dir, BuildRecord record) {
    this.dir = dir;
    this.record = record;
  }

  /** Whether {@code dir} was made by {@code begin} (has a record). */
  public static boolean isBegun(Path dir) {
    return Files.isRegularFile(BuildRecord.file(dir));
  }

  /** Opens the begun directory {@code dir}, reading its record. */
  public static BegunDirectory open(Path dir) throws JaciException {
    return new BegunDirectory(dir, BuildRecord.read(BuildRecord.file(dir)));
  }

  /** The image the directory was begun from. */
  public ImageId base() {
    return record.base();
  }

  /**
   * The owners the image gives files that {@code begin} laid down as the user's own (it ran
   * without root), with their modes in the image: what a command run in the rootfs should
   * see ({@code LayoutCommand#owners}). Empty when begin ran as root.
   */
  public List<TreeOwners.Entry> foreignOwners() {
    List<TreeOwners.Entry> out = new ArrayList<>();
    for (RecordEntry e : record.entries().values()) {
      RecordEntry.LaidDown laid = e.laidDown();
      TarHeader image = e.image();
      if (!laid.absent() && image.type() != TarEntryType.HARD_LINK
          && (laid.uid() != image.uid() || laid.gid() != image.gid())) {
        out.add(new TreeOwners.Entry(e.path(), image.uid(), image.gid(), image.mode(),
            image.type() == TarEntryType.SYMLINK));
      }
    }
    return out;
  }

  /**
   * What an image of the directory holds.
   *
   * @param manifest the manifest to write
   * @param rootfs the rootfs entries to write, in order, {@code rootfs} itself first
   * @param added files added since begin
   * @param changed files changed since begin
   * @param deleted paths deleted since begin (the manifest's path whitelist lists every path
   *     that remains, when there are any)
   * @param warnings what the scan left out (sockets)
   */
  public record Content(byte[] manifest, List<ScannedFile> rootfs, int added, int changed,
      int deleted, List<String> warnings) {
    public Content {
      manifest = manifest.clone();
      rootfs = List.copyOf(rootfs);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Only what changed since begin, over the base: the manifest keeps its dependency on the
   * base, and lists every remaining path in its {@code pathWhitelist} when something of the
   * base was deleted.
   *
   * @param newOwner owner of files that are new or whose owner changed on disk; null: the
   *     disk's when running as root, else root (0:0)
   */
  public Content diff(Owner newOwner) throws JaciException {
    return diff(newOwner, Map.of());
  }

  /**
   * Like {@link #diff(Owner)}, with the owners of some paths given: what a normal user wrote
   * for another owner (a Dockerfile's {@code COPY --chown}), which the disk cannot hold.
   *
   * @param owners owners by clean path below the rootfs ({@code usr/bin/x})
   */
  public Content diff(Owner newOwner, Map<String, Owner> owners) throws JaciException {
    return diff(newOwner, owners, false);
  }

  /**
   * Like {@link #diff(Owner, Map)}, and keeps a description of the tree as it is now (the
   * changed files are hashed for it), so that once the content is built into an image,
   * {@link Begin#continueIn} makes this directory begun over that image without rendering it
   * again: a chain of changes (a Dockerfile's steps) goes on in one directory.
   */
  public Content diffToContinue(Owner newOwner, Map<String, Owner> owners)
      throws JaciException {
    return diff(newOwner, owners, true);
  }

  private Content diff(Owner newOwner, Map<String, Owner> owners, boolean keep)
      throws JaciException {
    ImageManifest m = manifest();
    if (!dependsOn(m, record.base())) {
      throw new JaciException(dir.resolve("manifest") + ": no dependency on the base "
          + record.base() + " any more; put it back, or build with --squash");
    }
    TreeDiff.Result d = compute(newOwner, false, owners, keep);
    continuable = keep ? d : null;
    PathWhitelist whitelist = d.deleted() == 0 ? PathWhitelist.empty()
        : PathWhitelist.of(d.remaining());
    return content(m, m.toBuilder().pathWhitelist(whitelist).build(), d);
  }

  /** The whole tree, as one image without dependencies. */
  public Content squash(Owner newOwner) throws JaciException {
    return squash(newOwner, Map.of());
  }

  /**
   * Like {@link #squash(Owner)}, with the owners of some paths given (what a command run
   * rootless in the tree gave other owners, which the disk holds as subordinate IDs).
   *
   * @param owners owners by clean path below the rootfs ({@code usr/bin/x})
   */
  public Content squash(Owner newOwner, Map<String, Owner> owners) throws JaciException {
    ImageManifest m = manifest();
    TreeDiff.Result d = compute(newOwner, true, owners, false);
    continuable = null;
    return content(m, m.toBuilder().dependencies(List.of())
        .pathWhitelist(PathWhitelist.empty()).build(), d);
  }

  private Content content(ImageManifest read, ImageManifest written, TreeDiff.Result d)
      throws JaciException {
    byte[] bytes = written.equals(read) ? LayoutManifest.readValid(dir.resolve("manifest"))
        : ManifestJson.write(written);
    return new Content(bytes, d.entries(), d.added(), d.changed(), d.deleted(), warnings);
  }

  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  private ImageManifest manifest() throws JaciException {
    Path file = dir.resolve("manifest");
    return ManifestJson.parse(LayoutManifest.readValid(file));
  }

  /**
   * Makes the directory begun over {@code built}, the image built of the content of the last
   * {@link #diffToContinue}: its record describes the tree on disk as that image has it, and
   * {@code manifest} (depending on it) replaces the manifest. For {@link Begin#continueIn}.
   *
   * @return the number of paths recorded
   * @throws IllegalStateException when the last diff was not {@link #diffToContinue}, or
   *     {@code built} does not depend on this directory's base
   */
  int rebase(ImageId built, ImageManifest builtManifest, ImageManifest manifest)
      throws JaciException {
    if (continuable == null) {
      throw new IllegalStateException("rebase needs diffToContinue first");
    }
    if (!dependsOn(builtManifest, record.base())) {
      throw new IllegalStateException(built + " does not depend on " + record.base());
    }
    BuildRecord next = new BuildRecord(built, continuable.now());
    Path file = BuildRecord.file(dir);
    Path tmp = file.resolveSibling(BuildRecord.FILE + ".new");
    try {
      next.write(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Files.write(dir.resolve("manifest"), ManifestJson.writePretty(manifest));
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    record = next;
    continuable = null;
    return next.entries().size();
  }

  private static boolean dependsOn(ImageManifest m, ImageId base) {
    return m.dependencies().stream().map(Dependency::imageID)
        .anyMatch(id -> id.isPresent() && base.hex().startsWith(id.get().hex()));
  }

  private TreeDiff.Result compute(Owner newOwner, boolean squash, Map<String, Owner> owners,
      boolean keep) throws JaciException {
    Path rootfs = dir.resolve("rootfs");
    if (!Files.isDirectory(rootfs)) {
      throw new JaciException(rootfs + ": missing (a begun directory needs its rootfs)");
    }
    try {
      // a normal user's 0000 files (a base's /etc/shadow) are opened until restoreModes()
      List<ScannedFile> scanned = TreeScanner.scan(rootfs, EntryPath.ROOTFS, warnings::add,
          access).files();
      boolean privileged = SpecialFiles.effectiveUid() == 0;
      return new TreeDiff(record, privileged, newOwner, owners).compute(scanned, squash, keep);
    } catch (IOException e) {
      restoreQuietly();
      throw new JaciException(IoMessages.about(rootfs, e), e);
    }
  }

  /**
   * Gives back the modes of the entries that {@link #diff} or {@link #squash} opened to read
   * them (a normal user's own mode-0000 files and directories); call it once the content is
   * written. Nothing to do for root.
   */
  public void restoreModes() throws JaciException {
    try {
      access.restore();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir.resolve("rootfs"), e)
          + " (restoring the mode of an entry opened for reading)", e);
    }
  }

  private void restoreQuietly() {
    try {
      access.restore();
    } catch (IOException ignored) {
      // the failure being reported matters more
    }
  }
}
