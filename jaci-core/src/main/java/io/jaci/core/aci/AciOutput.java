package io.jaci.core.aci;

import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.Compression;
import io.jaci.core.io.HashingOutputStream;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * An ACI file being written in one pass: entries go to {@link #tar()}, are hashed (the image
 * ID) and compressed on their way to a temporary file, which {@link #commit()} moves into
 * place. Closing without a commit leaves nothing behind.
 */
public final class AciOutput implements AutoCloseable {
  private final AtomicOutputFile file;
  private final OutputStream compressed;
  private final HashingOutputStream hashed;
  private final TarWriter tar;

  /** What was written. */
  public record Written(ImageId imageId, long tarSize, long fileSize) {}

  private AciOutput(AtomicOutputFile file, Compression compression, int level)
      throws IOException {
    this.file = file;
    this.compressed = compression.compress(CloseShieldOutputStream.wrap(file.stream()), level);
    this.hashed = new HashingOutputStream(compressed);
    this.tar = new TarWriter(hashed);
  }

  /**
   * Starts writing {@code target}.
   *
   * @param level a compression level or {@link Compression#DEFAULT_LEVEL}
   */
  public static AciOutput create(Path target, Compression compression, int level,
      boolean overwrite) throws IOException {
    AtomicOutputFile file = AtomicOutputFile.create(target, overwrite);
    try {
      return new AciOutput(file, compression, level);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Where the entries go. */
  public TarWriter tar() {
    return tar;
  }

  /** Ends the archive, finishes compression and moves the file into place. */
  public Written commit() throws IOException {
    return commit(null);
  }

  /**
   * Like {@link #commit()}, but only if the archive's image ID is {@code expected}; otherwise
   * nothing is left behind and a {@link WrongImageIdException} says what it was.
   */
  public Written commit(ImageId expected) throws IOException {
    tar.finish();
    ImageId id = ImageId.ofSha512(hashed.digest());
    if (expected != null && !expected.equals(id)) {
      throw new WrongImageIdException(expected, id);
    }
    compressed.close();
    file.commit();
    return new Written(id, hashed.count(), file.size());
  }

  /** The bytes written do not have the image ID they should have. */
  public static final class WrongImageIdException extends IOException {
    private static final long serialVersionUID = 1L;

    WrongImageIdException(ImageId expected, ImageId actual) {
      super("expected image " + expected + " but the data hashes to " + actual);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
