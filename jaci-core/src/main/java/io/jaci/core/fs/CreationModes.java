package io.jaci.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Modes that a new file can get from its creation (open or mkdir with a mode), so that no
 * chmod is needed after it: only permission bits the process's umask keeps, no setuid,
 * setgid or sticky bit. Writing trees of thousands of files, the chmod saved per file is
 * worth a look at the umask, read once from {@code /proc/self/status} (Linux 4.7 and later;
 * elsewhere every mode takes a chmod, as before).
 */
public final class CreationModes {
  private static final int UMASK = readUmask();
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ};

  @SuppressWarnings("unchecked")
  private static final FileAttribute<Set<PosixFilePermission>>[] ATTRIBUTES =
      new FileAttribute[01000];

  private CreationModes() {}

  /**
   * The attribute that creates a file with exactly {@code mode} (its low 12 bits), or empty
   * when creation cannot give that mode and a chmod must follow.
   */
  public static Optional<FileAttribute<Set<PosixFilePermission>>> exactly(int mode) {
    int perms = mode & 07777;
    if (UMASK < 0 || (perms & 07000) != 0 || (perms & UMASK) != 0) {
      return Optional.empty();
    }
    FileAttribute<Set<PosixFilePermission>> a = ATTRIBUTES[perms];
    if (a == null) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int bit = 0; bit < BITS.length; bit++) {
        if ((perms & (1 << bit)) != 0) {
          set.add(BITS[bit]);
        }
      }
      a = PosixFilePermissions.asFileAttribute(set);
      ATTRIBUTES[perms] = a; // immutable, so a race only makes two equal ones
    }
    return Optional.of(a);
  }

  /**
   * The mode a directory created with 0777 gets under this process's umask (0755 under the
   * usual 022); 0700 where the umask is not known.
   */
  public static int newDirectoryMode() {
    return UMASK < 0 ? 0700 : 0777 & ~UMASK;
  }

  private static int readUmask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      // not Linux, or an old kernel: no umask known, every mode takes a chmod
    }
    return -1;
  }
}
