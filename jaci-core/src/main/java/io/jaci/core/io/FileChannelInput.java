package io.jaci.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A buffered input stream over a file that can also hand a region of the file on to another
 * file through the kernel ({@link #transferTo(long, FileChannel)}, sendfile), without passing
 * the bytes through Java, and skip without reading: a tar reader over it reads the headers
 * and lets the kernel copy the contents. {@link #endReached()} is told once when a read
 * finds the end of the file, where a subclass may check what was read.
 */
public class FileChannelInput extends InputStream {
  private static final int BUFFER = 1 << 16;

  private final FileChannel channel;
  private final long size;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).flip();
  /** The file position of the buffer's next byte. */
  private long position;
  private boolean ended;

  /** Reads {@code channel} (its first {@code size} bytes) from the start; closes it at close. */
  public FileChannelInput(FileChannel channel, long size) {
    this.channel = Objects.requireNonNull(channel);
    this.size = size;
  }

  /** The channel, for reads at a position of their own (pread: they do not move this stream). */
  protected final FileChannel channel() {
    return channel;
  }

  /** Called once, when a read first finds the end: a subclass can check what it read. */
  protected void endReached() throws IOException {}

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    position++;
    return buffer.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    position += n;
    return n;
  }

  /** Skips {@code n} bytes without reading them, or up to the end; returns how many. */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long k = Math.min(n, size - position);
    if (k <= buffer.remaining()) {
      buffer.position(buffer.position() + (int) k);
    } else {
      buffer.clear().flip(); // empty: the next read starts at the new position
    }
    position += k;
    return k;
  }

  /**
   * Copies the next {@code count} bytes to {@code out} at its position, through the kernel
   * where they are not buffered here; returns how many (fewer only at the end of the file).
   */
  public long transferTo(long count, FileChannel out) throws IOException {
    long done = 0;
    if (buffer.hasRemaining() && count > 0) {
      int n = (int) Math.min(count, buffer.remaining());
      ByteBuffer part = buffer.slice().limit(n);
      while (part.hasRemaining()) {
        out.write(part);
      }
      buffer.position(buffer.position() + n);
      position += n;
      done = n;
    }
    while (done < count && position < size) {
      long n = channel.transferTo(position, Math.min(count - done, size - position), out);
      if (n <= 0) {
        break; // the file is shorter than it was said to be: the end check tells
      }
      position += n;
      done += n;
    }
    return done;
  }

  /** Whether at least one byte is buffered; false at the end of the file. */
  private boolean fill() throws IOException {
    if (buffer.hasRemaining()) {
      return true;
    }
    if (position >= size) {
      end();
      return false;
    }
    buffer.clear().limit((int) Math.min(BUFFER, size - position));
    int n = channel.read(buffer, position);
    buffer.flip();
    if (n <= 0) {
      end();
      return false;
    }
    return true;
  }

  private void end() throws IOException {
    if (!ended) {
      ended = true;
      endReached();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
