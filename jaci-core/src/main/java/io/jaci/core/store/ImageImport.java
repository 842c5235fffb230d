package io.jaci.core.store;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.ImageValidator;
import io.jaci.core.aci.ValidationReport;
import io.jaci.core.io.Compression;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.io.Sha512;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams an ACI into a staged blob in one pass: one thread decompresses, the calling thread
 * hashes the tar (the image ID), writes it to the temporary file and validates its layout and
 * manifest as the bytes go by. Decompression is the expensive part; the rest overlaps with it.
 */
final class ImageImport {
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS_IN_FLIGHT = 8;

  /** A validated, synced blob that is not in the store yet. */
  record Staged(StagedBlob blob, ImageId id, long size, byte[] manifest) {}

  private ImageImport() {}

  /**
   * Reads {@code aci} (any ACI compression) to its end into a new blob in {@code tmpDir}.
   *
   * @throws JaciException naming {@code displayName} when it is not a valid ACI
   */
  static Staged stage(InputStream aci, String displayName, long compressedSize,
      ProgressListener progress, Path tmpDir) throws JaciException {
    progress.start("Importing", compressedSize);
    try {
      InputStream tar;
      boolean[] zstd = {false};
      try {
        tar = Compression.decompressing(new ProgressInputStream(aci, progress),
            c -> zstd[0] = c == Compression.ZSTD);
      } catch (Compression.UnknownFormatException e) {
        throw new JaciException(displayName + ": not an ACI: " + e.getMessage());
      }
      if (zstd[0]) {
        tar.close();
        throw new JaciException(displayName
            + ": compressed with zstd: an ACI is plain tar, gzip, bzip2 or xz");
      }
      return stageTar(tar, displayName, tmpDir);
    } catch (IOException e) {
      if (IoMessages.isDiskFull(e)) {
        throw new JaciException("importing " + displayName + ": the store's disk is full ("
            + tmpDir.getParent() + ": no space left on device); free space there, or use a"
            + " store on another disk (--store)", e);
      }
      throw new JaciException("importing " + displayName + ": " + IoMessages.describe(e), e);
    } finally {
      progress.finish();
    }
  }

  private static Staged stageTar(InputStream tar, String displayName, Path tmpDir)
      throws IOException, JaciException {
    StagedBlob blob = StagedBlob.create(tmpDir);
    boolean ok = false;
    Pipe pipe = new Pipe(tar, blob);
    try {
      ImageValidator.ArchiveCheck check = ImageValidator.checkTar(displayName, pipe);
      if (pipe.writeFailure != null) {
        throw pipe.writeFailure; // the store's fault, not the ACI's
      }
      if (!check.report().valid()) {
        throw new JaciException(invalid(displayName, check.report()));
      }
      pipe.drain();
      blob.sync();
      ok = true;
      return new Staged(blob, ImageId.ofSha512(pipe.digest.digest()), pipe.size,
          check.manifest());
    } finally {
      pipe.cancel();
      if (!ok) {
        blob.close();
      }
    }
  }

  /** The first problem, and how to see the others: one line however broken the archive. */
  private static String invalid(String displayName, ValidationReport report) {
    long more = report.errorCount() - 1;
    return displayName + ": not a valid ACI: " + report.errors().get(0)
        + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s")
            + ": jaci validate lists them)");
  }

  /**
   * The decompressed tar, read ahead by a thread in chunks; every chunk is hashed and written
   * to the blob when it is taken, whatever the reader then skips.
   */
  private static final class Pipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 2);
    private final Sha512 digest = Sha512.create();
    private final StagedBlob blob;
    private final Thread reader;
    private volatile boolean cancelled;
    private volatile IOException failure;
    /** Writing the blob failed: a store problem (a full disk, say), not a bad ACI. */
    private IOException writeFailure;
    private byte[] current;
    private int currentLength;
    private int position;
    private long size;

    Pipe(InputStream tar, StagedBlob blob) {
      this.blob = blob;
      this.reader = new Thread(() -> readAhead(tar), "jaci-import-decompress");
      reader.setDaemon(true);
      reader.start();
    }

    private void readAhead(InputStream tar) {
      try (tar) {
        while (!cancelled) {
          byte[] chunk = free.poll();
          if (chunk == null) {
            chunk = new byte[CHUNK + 4];
          }
          int n = tar.readNBytes(chunk, 4, CHUNK);
          if (n == 0) {
            break;
          }
          // the chunk's length travels in its first 4 bytes
          chunk[0] = (byte) (n >>> 24);
          chunk[1] = (byte) (n >>> 16);
          chunk[2] = (byte) (n >>> 8);
          chunk[3] = (byte) n;
          put(chunk);
        }
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        failure = new InterruptedIOException("interrupted");
      }
      try {
        put(END);
      } catch (InterruptedException ignored) {
        // the consumer is gone
      }
    }

    private void put(byte[] chunk) throws InterruptedException {
      while (!cancelled && !full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        // wait for room, or for the consumer to give up
      }
    }

    private boolean nextChunk() throws IOException {
      if (current == END) {
        return false;
      }
      if (current != null) {
        free.offer(current);
      }
      try {
        current = full.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while importing");
      }
      if (current == END) {
        if (failure != null) {
          throw failure;
        }
        return false;
      }
      currentLength = ((current[0] & 0xff) << 24) | ((current[1] & 0xff) << 16)
          | ((current[2] & 0xff) << 8) | (current[3] & 0xff);
      position = 4;
      digest.update(current, 4, currentLength);
      try {
        blob.write(current, 4, currentLength);
      } catch (IOException e) {
        writeFailure = e;
        throw e;
      }
      size += currentLength;
      return true;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (current == null || current != END && position == currentLength + 4) {
        if (!nextChunk()) {
          return -1;
        }
      }
      if (current == END) {
        return -1;
      }
      int n = Math.min(len, currentLength + 4 - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }

    /** Takes what follows the end-of-archive marker (padding), so that it is hashed too. */
    void drain() throws IOException {
      while (nextChunk()) {
        position = currentLength + 4;
      }
    }

    void cancel() {
      cancelled = true;
      full.clear();
    }
  }

}
