package io.jaci.core.render;

import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.fs.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The copier's native part: FIFOs and device nodes through mkfifo and mknod, extended
 * attributes through lsetxattr. What the process may not do (devices, privileged attributes
 * without root) is left out, as the extraction that made the cached tree left it out too.
 */
final class NativeCopies implements TreeCopier.SpecialFiles {
  static final NativeCopies INSTANCE = new NativeCopies();

  private NativeCopies() {}

  @Override
  public boolean copySpecial(Path source, Path target, int mode) throws IOException {
    int format = mode & 0170000;
    if (format == 0010000) {
      SpecialFiles.mkfifo(target, mode & 07777);
      return true;
    }
    if (format == 0020000 || format == 0060000) {
      long rdev = (Long) Files.getAttribute(source, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
      int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
      int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
      return SpecialFiles.mknod(target, format == 0060000, mode & 07777, major, minor);
    }
    return false; // sockets do not occur in rendered trees
  }

  @Override
  public void setMtime(Path target, FileTime mtime) throws IOException {
    SpecialFiles.setMtime(target, mtime.to(TimeUnit.SECONDS));
  }

  @Override
  public void setTimes(Path target, FileTime mtime, FileTime atime) throws IOException {
    SpecialFiles.setTimes(target, mtime, atime);
  }

  @Override
  public void copyXattrs(Path source, Path target) throws IOException {
    for (Map.Entry<String, byte[]> x : Xattrs.read(source).entrySet()) {
      Xattrs.write(target, x.getKey(), x.getValue());
    }
  }
}
