package io.jaci.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What tells, without reading a file, that its content is still what was hashed: its inode
 * and its change time (ctime, in nanoseconds). No program can set a ctime; every write,
 * rename onto the name, chmod or chown moves it on. So when a file has the stamp it had when
 * its content was hashed, its content is the same, and the hash need not be taken again (as
 * git's index does). The stamp is never part of what a hash or cache key says about a file;
 * it only spares reading it.
 *
 * <p>A change in the same tick of the clock that stamps ctimes as the stamp was read would
 * keep the ctime; so a stamp is taken as valid only when its ctime is older than a margin
 * before the moment it was read ({@link #readAt}): 100 ms where ctimes have nanoseconds (the
 * kernel's coarse clock ticks every few milliseconds), 2 s where they are whole seconds
 * (file systems that keep no more). Files changed just before are hashed again next time.
 * Read the stamp before reading the content it vouches for.
 *
 * @param inode the file's inode number
 * @param ctimeNanos its change time, nanoseconds since the epoch
 */
public record ChangeStamp(long inode, long ctimeNanos) {
  /** How far behind the clock a ctime must be to be trusted (far more than a clock tick). */
  static final long MARGIN_NANOS = 100_000_000L;
  /** The same where ctimes are whole seconds. */
  static final long COARSE_MARGIN_NANOS = 2_000_000_000L;

  /** The moment the stamps read next are measured against: now, nanoseconds since the epoch. */
  public static long now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * The stamp of {@code file} (not followed when a symlink), or null when its ctime is not
   * older than {@code readAt} ({@link #now()}) by the margin.
   */
  public static ChangeStamp readAt(Path file, long readAt) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:ino,ctime",
        LinkOption.NOFOLLOW_LINKS);
    Instant c = ((FileTime) a.get("ctime")).toInstant();
    long ctime = c.getEpochSecond() * 1_000_000_000L + c.getNano();
    long margin = c.getNano() == 0 ? COARSE_MARGIN_NANOS : MARGIN_NANOS;
    return ctime < readAt - margin ? new ChangeStamp((Long) a.get("ino"), ctime) : null;
  }

  /** The stamp as text, {@code INODE:CTIME_NANOS}. */
  @Override
  public String toString() {
    return inode + ":" + ctimeNanos;
  }

  /** The stamp {@link #toString} wrote. */
  public static ChangeStamp parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no change stamp: " + text);
    }
    return new ChangeStamp(Long.parseLong(text.substring(0, colon)),
        Long.parseLong(text.substring(colon + 1)));
  }
}
