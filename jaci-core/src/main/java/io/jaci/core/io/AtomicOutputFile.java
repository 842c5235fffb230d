package io.jaci.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file that appears complete or not at all: bytes go to a temporary file beside
 * the target, which {@link #commit()} syncs and renames into place. Closing without a
 * commit, a failure or an interrupt (Ctrl-C, SIGTERM) deletes the temporary file.
 */
public final class AtomicOutputFile implements AutoCloseable {
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path p : PENDING) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort while the process ends
        }
      }
    }, "jaci-cleanup"));
  }

  private final Path target;
  private final Path temp;
  private final boolean overwrite;
  private final FileChannel channel;
  private final OutputStream stream;
  private boolean committed;

  private AtomicOutputFile(Path target, boolean overwrite) throws IOException {
    this.target = target;
    this.overwrite = overwrite;
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "the output directory does not exist");
    }
    // a dangling symlink exists too: the rename would replace it
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "already exists (use --overwrite to replace it)");
    }
    this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    PENDING.add(temp);
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
  }

  /**
   * Opens a temporary file beside {@code target}.
   *
   * @throws FileAlreadyExistsException when the target exists and {@code overwrite} is false
   * @throws NoSuchFileException when the target's directory does not exist
   */
  public static AtomicOutputFile create(Path target, boolean overwrite) throws IOException {
    return new AtomicOutputFile(target, overwrite);
  }

  /** Where to write; do not close it, {@link #commit()} does. */
  public OutputStream stream() {
    return stream;
  }

  /**
   * Flushes and moves the file to its target name. Like tar and gzip it does not wait for
   * the disk: a process that fails leaves no partial file, and the file system orders the
   * rename after the data (see {@link #commitDurably()} for stores).
   */
  public void commit() throws IOException {
    commit(false);
  }

  /** Like {@link #commit()}, but the data is on disk (fsync) before the rename. */
  public void commitDurably() throws IOException {
    commit(true);
  }

  private void commit(boolean durable) throws IOException {
    stream.flush();
    if (durable) {
      channel.force(true);
    }
    stream.close();
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "appeared while writing (use --overwrite to replace it)");
    }
    // a temporary file is private (0600); the finished file is readable like any other
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
    PENDING.remove(temp);
  }

  /** The size of the committed file. */
  public long size() throws IOException {
    return Files.size(target);
  }

  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    try {
      stream.close();
    } catch (IOException ignored) {
      // the partial file is deleted below either way
    } finally {
      Files.deleteIfExists(temp);
      PENDING.remove(temp);
    }
  }
}
