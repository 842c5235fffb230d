package io.jaci.core.extract;

import static io.jaci.core.extract.EntryNames.quote;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.IoMessages;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Extracts a tar stream (an ACI's {@code rootfs}, or a plain tar) into a directory so that
 * no entry can create, change or read anything outside it, whatever the archive holds:
 * names with {@code ..} or absolute names are errors, and symlinks are never followed — a
 * symlink or file where a parent directory is needed is replaced by a real directory, a
 * symlink where a file goes is replaced, not written through.
 *
 * <p>Extracting several archives into the same directory layers them: a later entry
 * replaces what is at its path (a directory recursively), except that a directory over a
 * directory keeps its contents and takes the new metadata. A hard link whose target the
 * filter leaves out is left out too: a whitelist deletes a file, whatever names it has.
 *
 * <pre>{@code
 * ExtractResult r = TreeExtractor.into(rootfs).filter(whitelist).extract(tarStream);
 * }</pre>
 *
 * <p>Run as a normal user it restores what it can (content, modes, links, FIFOs,
 * {@code user.} attributes) and lists the rest in {@link ExtractResult#notRestored()}.
 */
public final class TreeExtractor {
  private static final int READ_BUFFER = 1 << 16;

  private final Path target;
  private boolean fromRootfs = true;
  private PathFilter filter = PathFilter.ALL;
  private boolean restoreOwners = SpecialFiles.effectiveUid() == 0;
  private ProgressListener progress = ProgressListener.NONE;

  private TreeExtractor(Path target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /** An extractor into {@code target}, a directory that must exist. */
  public static TreeExtractor into(Path target) {
    return new TreeExtractor(target);
  }

  /**
   * True (the default): the stream is an ACI; only entries below {@code rootfs/} are
   * extracted, without that prefix, and {@code rootfs} itself gives the target's own
   * metadata. False: a plain tar, every entry is extracted.
   */
  public TreeExtractor fromRootfs(boolean value) {
    this.fromRootfs = value;
    return this;
  }

  /** Which entries to lay down; by default all. */
  public TreeExtractor filter(PathFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
    return this;
  }

  /** Whether to set owners from the archive; by default only when running as root. */
  public TreeExtractor restoreOwners(boolean value) {
    this.restoreOwners = value;
    return this;
  }

  /** Hears of each chunk of file content written. */
  public TreeExtractor progress(ProgressListener p) {
    this.progress = Objects.requireNonNull(p, "progress");
    return this;
  }

  /**
   * Extracts {@code uncompressedTar} (the caller decompresses, and closes it).
   *
   * @throws JaciException for an unsafe entry, a damaged or truncated archive, or a file
   *     system error; the message names the entry
   */
  public ExtractResult extract(InputStream uncompressedTar) throws JaciException {
    Path root;
    try {
      root = target.toRealPath();
    } catch (IOException e) {
      throw new JaciException("extracting into " + target + ": " + IoMessages.reason(e), e);
    }
    if (!Files.isDirectory(root)) {
      throw new JaciException("extracting into " + target + ": not a directory");
    }
    boolean privileged = SpecialFiles.effectiveUid() == 0;
    RootedTree tree;
    try {
      tree = new RootedTree(root, privileged, SpecialFiles.effectiveGid());
    } catch (IOException e) {
      throw new JaciException("extracting into " + target + ": " + IoMessages.reason(e), e);
    }
    EntryWriter writer = new EntryWriter(tree, restoreOwners, privileged, progress);
    TarReader reader = new TarReader(new BufferedInputStream(uncompressedTar, READ_BUFFER));
    long entries = 0;
    String last = null;
    while (true) {
      TarEntry entry;
      try {
        entry = reader.next();
      } catch (IOException e) {
        throw new JaciException("reading the archive" + (last == null ? "" : " after entry "
            + quote(last)) + ": " + message(e), e);
      }
      if (entry == null) {
        break;
      }
      last = entry.name();
      try {
        if (lay(entry.header(), reader, tree, writer)) {
          entries++;
        }
      } catch (IOException e) {
        throw new JaciException("entry " + quote(last) + ": " + message(e), e);
      }
    }
    try {
      tree.finish();
    } catch (IOException e) {
      throw new JaciException("setting directory times and modes: " + message(e), e);
    }
    return new ExtractResult(entries, writer.contentBytes(), writer.notRestored().lines(),
        writer.ownerLockedOut());
  }

  private boolean lay(TarHeader h, TarReader reader, RootedTree tree, EntryWriter writer)
      throws IOException, JaciException {
    String entry = "entry " + quote(h.name());
    String clean = EntryNames.clean(h.name(), entry);
    String rel = fromRootfs ? EntryNames.belowRootfs(clean) : clean;
    if (rel == null) {
      return false; // the manifest, or anything else beside rootfs
    }
    TarEntryType type = h.type();
    if (rel.isEmpty()) {
      if (type != TarEntryType.DIRECTORY) {
        throw new JaciException(entry + ": the root of the tree must be a directory, not "
            + type.name().toLowerCase().replace('_', ' '));
      }
      writer.directory(rel, h);
      return true;
    }
    if (!filter.keep("/" + rel, type)) {
      return false;
    }
    if (type == TarEntryType.HARD_LINK && filteredOut(h, entry)) {
      return false; // its file was left out, and a hard link is that file under another name
    }
    String linkTarget = type == TarEntryType.HARD_LINK ? hardLinkTarget(h, entry, tree) : null;
    tree.prepareParents(rel);
    switch (type) {
      case DIRECTORY -> writer.directory(rel, h);
      case REGULAR -> writer.regular(rel, h, reader.content());
      case SYMLINK -> writer.symlink(rel, h);
      case HARD_LINK -> {
        if (!linkTarget.equals(rel)) {
          writer.hardLink(rel, linkTarget);
        }
      }
      case FIFO -> writer.fifo(rel, h);
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        return writer.device(rel, h);
      }
      default -> throw new IllegalStateException("unknown entry type " + type);
    }
    return true;
  }

  private boolean filteredOut(TarHeader h, String entry) throws JaciException {
    String clean = EntryNames.clean(h.linkName(), entry + ": hard link target "
        + quote(h.linkName()));
    String rel = fromRootfs ? EntryNames.belowRootfs(clean) : clean;
    return rel != null && !rel.isEmpty() && !filter.keep("/" + rel, TarEntryType.REGULAR);
  }

  /** The hard link's target, relative to the root, checked to be a reachable file. */
  private String hardLinkTarget(TarHeader h, String entry, RootedTree tree)
      throws IOException, JaciException {
    String what = entry + ": hard link target " + quote(h.linkName());
    String clean = EntryNames.clean(h.linkName(), what);
    String rel = fromRootfs ? EntryNames.belowRootfs(clean) : clean;
    if (rel == null) {
      throw new JaciException(what + " is outside rootfs");
    }
    if (rel.isEmpty()) {
      throw new JaciException(what + " is a directory");
    }
    String why = tree.whyNotLinkable(rel);
    if (why != null) {
      throw new JaciException(what + " " + why);
    }
    return rel;
  }

  private static String message(IOException e) {
    if (e instanceof EOFException && e.getMessage() != null) {
      return e.getMessage();
    }
    return IoMessages.describe(e);
  }
}
