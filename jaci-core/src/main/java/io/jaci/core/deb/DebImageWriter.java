package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciOutput;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the data of some {@code .deb} files into one ACI, straight from their data tars
 * (nothing is extracted; owners, modes, symlinks and hard links come from the tar headers,
 * so no root is needed). The manifest comes first. Packages are merged as dpkg would install
 * them in the given order: a later package's file wins over an earlier one's. To write each
 * path once without a second pass, packages are read last to first and a path already
 * written is skipped (a directory's metadata is that of the last package that has it).
 * Then {@code var/lib/dpkg} tells dpkg inside the image what is installed, and, if asked,
 * {@code /etc/passwd} and {@code /etc/group} come from base-passwd (see {@link BasePasswd}).
 */
final class DebImageWriter {
  private final PathExcludes excludes;
  private final Long sourceDateEpoch;
  private final ProgressListener progress;
  private final BasePasswd basePasswd;
  private final boolean unpacked;

  /**
   * @param basePasswd whether to make /etc/passwd and /etc/group from base-passwd's files
   * @param unpacked whether dpkg is to see the packages unpacked, their scripts still to run
   */
  DebImageWriter(PathExcludes excludes, Long sourceDateEpoch, ProgressListener progress,
      boolean basePasswd, boolean unpacked) {
    this.unpacked = unpacked;
    this.excludes = excludes;
    this.sourceDateEpoch = sourceDateEpoch;
    this.progress = progress;
    this.basePasswd = basePasswd ? new BasePasswd() : null;
  }

  /** What was written. */
  record Written(AciOutput.Written aci, int entries) {}

  /**
   * @param debs the package files in install order (dependencies first)
   * @param names names the packages in messages, in the same order
   */
  Written write(Path output, boolean overwrite, Compression compression, int level,
      byte[] manifest, List<Path> debs, List<String> names) throws JaciException {
    long total = 0;
    for (Path d : debs) {
      try {
        total += Files.size(d);
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(d, e), e);
      }
    }
    List<Path> reversed = new ArrayList<>(debs);
    java.util.Collections.reverse(reversed);
    List<String> reversedNames = new ArrayList<>(names);
    java.util.Collections.reverse(reversedNames);
    progress.start("writing " + output.getFileName(), total);
    try (AciOutput aci = AciOutput.create(output, compression, level, overwrite);
        DebStreams streams = new DebStreams(reversed, reversedNames)) {
      TarWriter tar = aci.tar();
      long epoch = sourceDateEpoch != null ? sourceDateEpoch : 0;
      tar.write(new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, manifest.length,
          epoch, "", 0, 0, null), new ByteArrayInputStream(manifest));
      tar.write(directory("rootfs", epoch));
      Set<String> written = new HashSet<>();
      DpkgDatabase dpkg = new DpkgDatabase(unpacked);
      int entries = 2;
      for (int i = 0; i < reversed.size(); i++) {
        DebStreams.Item item = streams.next();
        List<String> paths = new ArrayList<>();
        UnpackDigests digests = UnpackDigests.of(item.control());
        try (InputStream data = item.data()) {
          entries += copyData(tar, data, reversedNames.get(i), written, paths, digests);
        } catch (DebStreams.DebReadException e) {
          throw e.failure();
        } catch (TarWriter.ContentSizeException e) {
          throw new JaciException(reversedNames.get(i) + ": truncated data.tar ("
              + e.getMessage() + ")", e);
        }
        progress.advance(Files.size(reversed.get(i)));
        dpkg.add(item.control(), paths, digests);
      }
      List<String> dirs = new ArrayList<>(DpkgDatabase.directories());
      List<DpkgDatabase.DbFile> files = new ArrayList<>(dpkg.files());
      if (basePasswd != null) {
        dirs.add("etc");
        basePasswd.files().entrySet().stream()
            .filter(f -> !written.contains(f.getKey())) // a package's own copy wins
            .forEach(f -> files.add(new DpkgDatabase.DbFile(f.getKey(), f.getValue())));
      }
      for (String dir : dirs) {
        if (written.add(dir)) {
          tar.write(directory("rootfs/" + dir, epoch));
          entries++;
        }
      }
      for (DpkgDatabase.DbFile f : files) {
        tar.write(new TarHeader("rootfs/" + f.path(), TarEntryType.REGULAR, f.mode(), 0, 0,
            f.content().length, epoch, "", 0, 0, null), new ByteArrayInputStream(f.content()));
        entries++;
      }
      return new Written(aci.commit(), entries);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    } finally {
      progress.finish();
    }
  }

  private static TarHeader directory(String name, long mtime) {
    return new TarHeader(name, TarEntryType.DIRECTORY, 0755, 0, 0, 0, mtime, "", 0, 0, null);
  }

  private int copyData(TarWriter tar, InputStream data, String pkg, Set<String> written,
      List<String> paths, UnpackDigests digests) throws IOException, JaciException {
    TarReader reader = new TarReader(data);
    int count = 0;
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      String name = clean(e.name(), pkg);
      if (name.isEmpty()) {
        continue;
      }
      String absolute = "/" + name;
      TarHeader h = e.header();
      InputStream content = reader.content();
      if (basePasswd != null && h.type() == TarEntryType.REGULAR && basePasswd.wants(name)) {
        content = basePasswd.keep(name, content, pkg); // kept even if the user excludes it
      }
      if (excludes.excludes(absolute) || dpkgOwn(name, h)) {
        continue;
      }
      paths.add(absolute);
      boolean hashed = h.type() == TarEntryType.REGULAR && digests.wants(name);
      if (!written.add(name)) {
        if (hashed) { // dpkg hashes this package's file, although a later one's is written
          digests.digesting(name, content).transferTo(OutputStream.nullOutputStream());
          digests.done(name);
        }
        continue; // a later package has it (or an earlier one of this package's entries)
      }
      TarHeader out = h.withName("rootfs/" + name);
      if (h.type() == TarEntryType.HARD_LINK) {
        String target = clean(h.linkName(), pkg);
        if (!written.contains(target) || excludes.excludes("/" + target)) {
          written.remove(name);
          paths.remove(paths.size() - 1);
          continue; // its target was excluded: so is the link
        }
        digests.hardLink(name, target);
        out = new TarHeader(out.name(), out.type(), out.mode(), out.uid(), out.gid(), 0,
            out.mtime(), "rootfs/" + target, 0, 0, out.xattrs());
      }
      if (sourceDateEpoch != null && out.mtime() > sourceDateEpoch) {
        out = out.withMtime(sourceDateEpoch);
      }
      if (out.type() == TarEntryType.REGULAR && out.size() > 0) {
        tar.write(out, hashed ? digests.digesting(name, content) : content);
      } else {
        tar.write(out);
        if (hashed) {
          digests.digesting(name, InputStream.nullInputStream());
        }
      }
      if (hashed) {
        digests.done(name);
      }
      count++;
    }
    return count;
  }

  /** The files of var/lib/dpkg that this writer makes; a package's own copy is ignored. */
  private static boolean dpkgOwn(String name, TarHeader h) {
    if (h.type() == TarEntryType.DIRECTORY) {
      return false;
    }
    return name.equals(DpkgDatabase.DIR + "/status")
        || name.equals(DpkgDatabase.DIR + "/available")
        || name.startsWith(DpkgDatabase.DIR + "/info/");
  }

  /** {@code ./usr/bin/x} -> {@code usr/bin/x}; names that would escape are refused. */
  static String clean(String raw, String pkg) throws JaciException {
    try {
      return EntryPath.clean(raw);
    } catch (EntryPath.UnsafeNameException e) {
      throw new JaciException(pkg + ": data.tar entry \"" + raw + "\""
          + (e.problem() == EntryPath.Problem.DOT_DOT ? " leaves the root"
              : " is not a relative path"));
    }
  }
}
