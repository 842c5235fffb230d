package io.jaci.core.extract;

import static io.jaci.core.tar.EntryPath.quote;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.FileChannelInput;
import io.jaci.core.io.IoMessages;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * directory keeps its contents and takes the new metadata. A hard link that the filter keeps
 * while it leaves out the link's target keeps the content: the first such name becomes the
 * file, the others link to it ({@link #extract(TarSource)} reads the archive again for it).
 *
 * <pre>{@code
 * ExtractResult r = TreeExtractor.into(rootfs).filter(whitelist).extract(() -> open(aci));
 * }</pre>
 *
 * <p>Run as a normal user it restores what it can (content, modes, links, FIFOs,
 * {@code user.} attributes) and lists the rest in {@link ExtractResult#notRestored()}.
 */
public final class TreeExtractor {
  private static final int READ_BUFFER = 1 << 16;

  /** Opens the uncompressed tar stream of an archive, anew at each call. */
  @FunctionalInterface
  public interface TarSource {
    InputStream open() throws IOException, JaciException;
  }

  private final Path target;
  private boolean fromRootfs = true;
  private PathFilter filter = PathFilter.ALL;
  private boolean restoreOwners = SpecialFiles.effectiveUid() == 0;
  private ProgressListener progress = ProgressListener.NONE;
  private UnrestoredOwners unrestoredOwners;

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

  /**
   * Where to note the owners this extraction does not give (see {@link UnrestoredOwners});
   * by default they are only summed up in {@link ExtractResult#notRestored()}.
   */
  public TreeExtractor unrestoredOwners(UnrestoredOwners value) {
    this.unrestoredOwners = value;
    return this;
  }

  /** Hears of each chunk of file content written. */
  public TreeExtractor progress(ProgressListener p) {
    this.progress = Objects.requireNonNull(p, "progress");
    return this;
  }

  /**
   * Extracts {@code uncompressedTar} (the caller decompresses, and closes it), reading it
   * once: a hard link that the filter keeps while it leaves out the link's target is an
   * error here (use {@link #extract(TarSource)}).
   *
   * @throws JaciException for an unsafe entry, a damaged or truncated archive, or a file
   *     system error; the message names the entry
   */
  public ExtractResult extract(InputStream uncompressedTar) throws JaciException {
    Pass pass = start();
    pass.layAll(uncompressedTar);
    if (!pass.links.isEmpty()) {
      Map.Entry<String, List<String>> left = pass.links.anyLeft();
      throw new JaciException("entry " + quote(left.getValue().get(0)) + ": hard link to "
          + quote(left.getKey()) + ", which the filter leaves out: its content needs a second"
          + " reading of the archive");
    }
    return pass.finish();
  }

  /**
   * Extracts the archive {@code archive} opens, reading it to its end (where a verifying
   * stream checks it); and a second time when a hard link that the filter keeps names a file
   * that it leaves out, for that file's content.
   *
   * @throws JaciException for an unsafe entry, a damaged or truncated archive, or a file
   *     system error; the message names the entry
   * @throws IOException when opening the archive or reading past its entries fails
   */
  public ExtractResult extract(TarSource archive) throws IOException, JaciException {
    Pass pass = start();
    try (InputStream tar = archive.open()) {
      pass.layAll(tar);
      tar.transferTo(OutputStream.nullOutputStream());
    }
    if (!pass.links.isEmpty()) {
      try (InputStream tar = archive.open()) {
        pass.layLinkedFiles(tar);
        tar.transferTo(OutputStream.nullOutputStream());
      }
    }
    return pass.finish();
  }

  private Pass start() throws JaciException {
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
    writer.unrestoredOwners(unrestoredOwners);
    return new Pass(tree, writer);
  }

  /** One extraction into the tree: the entries, then the files of links that wait. */
  private final class Pass {
    final RootedTree tree;
    final EntryWriter writer;
    final FilteredLinks links = new FilteredLinks();
    long entries;

    Pass(RootedTree tree, EntryWriter writer) {
      this.tree = tree;
      this.writer = writer;
    }

    void layAll(InputStream uncompressedTar) throws JaciException {
      TarReader reader = new TarReader(buffered(uncompressedTar));
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
          return;
        }
        last = entry.name();
        try {
          if (lay(entry.header(), reader, this)) {
            entries++;
          }
        } catch (IOException e) {
          throw new JaciException("entry " + quote(last) + ": " + message(e), e);
        }
      }
    }

    /** Reads the archive again: each waiting link's file goes to its first free name. */
    void layLinkedFiles(InputStream uncompressedTar) throws IOException, JaciException {
      TarReader reader = new TarReader(buffered(uncompressedTar));
      for (TarEntry e = reader.next(); e != null && !links.isEmpty(); e = reader.next()) {
        TarHeader h = e.header();
        String entry = "entry " + quote(h.name());
        String clean = EntryPath.clean(h.name(), entry);
        String rel = fromRootfs ? EntryPath.belowRootfs(clean) : clean;
        List<String> waiting = rel == null || h.type() == TarEntryType.HARD_LINK ? null
            : links.take(rel);
        if (waiting != null) {
          try {
            entries += LinkedFile.lay(h, reader, waiting, tree, writer);
          } catch (IOException ex) {
            throw new JaciException("entry " + quote(waiting.get(0)) + " (a hard link to "
                + quote(h.name()) + "): " + message(ex), ex);
          }
        }
      }
      if (!links.isEmpty()) {
        Map.Entry<String, List<String>> left = links.anyLeft();
        throw new JaciException("entry " + quote(left.getValue().get(0)) + ": hard link target "
            + quote(left.getKey()) + " is not a file of the archive");
      }
    }

    ExtractResult finish() throws JaciException {
      try {
        tree.finish();
      } catch (IOException e) {
        throw new JaciException("setting directory times and modes: " + message(e), e);
      }
      return new ExtractResult(entries, writer.contentBytes(), writer.notRestored().lines(),
          writer.ownerLockedOut());
    }
  }

  private boolean lay(TarHeader h, TarReader reader, Pass pass)
      throws IOException, JaciException {
    RootedTree tree = pass.tree;
    EntryWriter writer = pass.writer;
    String entry = "entry " + quote(h.name());
    String clean = EntryPath.clean(h.name(), entry);
    String rel = fromRootfs ? EntryPath.belowRootfs(clean) : clean;
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
      if (type == TarEntryType.HARD_LINK) {
        String target = linkTargetOrNull(h, entry);
        if (target != null) {
          pass.links.leftOut(rel, target); // a kept link to it needs the file it names
        }
      }
      return false;
    }
    String linkTarget = null;
    if (type == TarEntryType.HARD_LINK) {
      linkTarget = keptLinkTarget(h, entry, rel, pass);
      if (linkTarget == null) {
        tree.prepareParents(rel);
        return false; // it waits for its file's content: counted when laid down
      }
    }
    tree.prepareParents(rel);
    switch (type) {
      case DIRECTORY -> writer.directory(rel, h);
      case REGULAR -> writer.regular(rel, h, reader);
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

  /** The target of a hard link the filter left out, or null where it has none to note. */
  private String linkTargetOrNull(TarHeader h, String entry) {
    try {
      String clean = EntryPath.clean(h.linkName(), entry);
      String rel = fromRootfs ? EntryPath.belowRootfs(clean) : clean;
      return rel == null || rel.isEmpty() ? null : rel;
    } catch (JaciException bad) {
      return null; // nothing can link to a file through it
    }
  }

  /**
   * Where the kept hard link {@code rel} links to: its target, or the file a left-out link
   * stood for, when that is on disk; null when the filter left the file out, and the link
   * waits for its content.
   */
  private String keptLinkTarget(TarHeader h, String entry, String rel, Pass pass)
      throws IOException, JaciException {
    String target = linkTargetOrNull(h, entry);
    if (target != null) {
      String file = pass.links.fileOf(target);
      if (!filter.keep("/" + file, TarEntryType.REGULAR)) {
        pass.links.waiting(rel, file);
        return null;
      }
      if (!file.equals(target)) {
        return checkedLinkTarget(file, entry + ": hard link target " + quote(file), pass.tree);
      }
    }
    return hardLinkTarget(h, entry, pass.tree);
  }

  /** The hard link's target, relative to the root, checked to be a reachable file. */
  private String hardLinkTarget(TarHeader h, String entry, RootedTree tree)
      throws IOException, JaciException {
    String what = entry + ": hard link target " + quote(h.linkName());
    String clean = EntryPath.clean(h.linkName(), what);
    String rel = fromRootfs ? EntryPath.belowRootfs(clean) : clean;
    if (rel == null) {
      throw new JaciException(what + " is outside rootfs");
    }
    if (rel.isEmpty()) {
      throw new JaciException(what + " is a directory");
    }
    return checkedLinkTarget(rel, what, tree);
  }

  private static String checkedLinkTarget(String rel, String what, RootedTree tree)
      throws IOException, JaciException {
    String why = tree.whyNotLinkable(rel);
    if (why != null) {
      throw new JaciException(what + " " + why);
    }
    return rel;
  }

  /** The stream, buffered unless it buffers itself and lets the kernel copy contents. */
  private static InputStream buffered(InputStream in) {
    return in instanceof FileChannelInput ? in : new BufferedInputStream(in, READ_BUFFER);
  }

  private static String message(IOException e) {
    if (e instanceof EOFException && e.getMessage() != null) {
      return e.getMessage();
    }
    return IoMessages.describe(e);
  }
}
