package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks on a host volume's source. ace.md, "Volume Setup": the ACE "MUST consider missing
 * volume source paths an error" and "SHOULD NOT create any paths in the host file system"; a
 * source that is a symbolic link, or has one as an intermediate directory, "SHOULD" be an
 * error too.
 */
final class HostSources {
  private HostSources() {}

  static void check(AcName volume, Path source) throws JaciException {
    Path normalized = source.normalize();
    if (!normalized.equals(source)) {
      throw new JaciException("--volume " + volume + ": source " + source
          + " is not a clean path; write " + normalized);
    }
    Path walked = source.getRoot();
    for (Path part : source) {
      walked = walked.resolve(part);
      if (Files.isSymbolicLink(walked)) {
        throw new JaciException("--volume " + volume + ": source " + source + ": " + walked
            + " is a symbolic link, which jaci does not follow for volumes; give the real path"
            + realPathHint(source));
      }
      try {
        Files.readAttributes(walked, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw new JaciException("--volume " + volume + ": source " + source
            + " does not exist; jaci never creates it, make it first (e.g. mkdir -p " + source
            + ")");
      } catch (IOException e) {
        throw new JaciException("--volume " + volume + ": source " + source + ": "
            + IoMessages.about(walked, e), e);
      }
    }
  }

  private static String realPathHint(Path source) {
    try {
      return " " + source.toRealPath();
    } catch (IOException e) {
      return "";
    }
  }
}
