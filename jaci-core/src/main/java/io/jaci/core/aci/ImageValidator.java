package io.jaci.core.aci;

import io.jaci.core.JaciException;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ManifestCheck;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates what {@code jaci validate} is given: an image manifest (JSON), an image layout
 * (a directory with {@code manifest} and {@code rootfs/}) or an ACI in any compression.
 * Every problem found is reported, not only the first.
 *
 * <p>An archive must hold exactly the top-level names {@code manifest} (a regular file) and
 * {@code rootfs} (a directory entry) and names below {@code rootfs/}; no name may repeat,
 * be absolute or contain {@code ..}; a hard link must point to an earlier entry of the
 * rootfs.
 */
public final class ImageValidator {
  private ImageValidator() {}

  /** Validates {@code path}, deciding from its content what it is. */
  public static ValidationReport validate(Path path) {
    if (Files.isDirectory(path)) {
      return validateLayout(path);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      in.mark(64);
      int first;
      do {
        first = in.read();
      } while (first == ' ' || first == '\n' || first == '\r' || first == '\t');
      in.reset();
      if (first == '{') {
        byte[] json = in.readNBytes(LayoutManifest.MAX_MANIFEST_BYTES + 1);
        return manifestReport(path.toString(), "image manifest", json);
      }
    } catch (IOException e) {
      return failed(path, "file", IoMessages.reason(e));
    }
    return validateArchive(path);
  }

  private static ValidationReport manifestReport(String path, String kind, byte[] json) {
    ProblemList errors = new ProblemList();
    ProblemList warnings = new ProblemList();
    addManifestProblems(json, errors, warnings);
    return report(path, kind, errors, warnings);
  }

  private static void addManifestProblems(byte[] json, ProblemList errors,
      ProblemList warnings) {
    if (json.length > LayoutManifest.MAX_MANIFEST_BYTES) {
      errors.add("manifest: over 16 MiB, not a manifest");
      return;
    }
    ManifestCheck check = ManifestJson.check(json);
    check.errors().forEach(e -> errors.add("manifest: " + e));
    check.warnings().forEach(w -> warnings.add("manifest: " + w));
  }

  private static ValidationReport report(String path, String kind, ProblemList errors,
      ProblemList warnings) {
    return new ValidationReport(path, kind, errors.lines(), warnings.lines(), errors.count());
  }

  /** Validates an image layout directory. */
  public static ValidationReport validateLayout(Path dir) {
    ProblemList errors = new ProblemList();
    ProblemList warnings = new ProblemList();
    Path manifest = dir.resolve("manifest");
    if (!Files.isRegularFile(manifest)) {
      errors.add("manifest: missing (a layout needs a manifest file)");
    } else {
      try {
        addManifestProblems(LayoutManifest.read(manifest), errors, warnings);
      } catch (JaciException e) {
        errors.add(e.getMessage());
      }
    }
    if (!Files.isDirectory(dir.resolve("rootfs"))) {
      errors.add("rootfs: missing (a layout needs a rootfs directory)");
    }
    try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
      for (Path p : top) {
        String name = p.getFileName().toString();
        if (!name.equals("manifest") && !name.equals("rootfs") && !name.equals(".jaci")) {
          errors.add(name + ": unexpected at the top of the layout (only manifest and rootfs)");
        }
      }
    } catch (IOException e) {
      errors.add(IoMessages.describe(e));
    }
    return report(dir.toString(), "image layout", errors, warnings);
  }

  /** Validates an ACI file, decompressing it as its magic bytes say. */
  public static ValidationReport validateArchive(Path file) {
    List<String> zstd = new ArrayList<>();
    try (InputStream tar = Compression.decompressing(Files.newInputStream(file), c -> {
      if (c == Compression.ZSTD) {
        zstd.add("compressed with zstd: an ACI is plain tar, gzip, bzip2 or xz");
      }
    })) {
      ArchiveCheck check = checkTar(file.toString(), tar);
      if (zstd.isEmpty()) {
        return check.report();
      }
      List<String> errors = new ArrayList<>(zstd);
      errors.addAll(check.report().errors());
      return new ValidationReport(file.toString(), "image archive", errors,
          check.report().warnings(), check.report().errorCount() + 1);
    } catch (Compression.UnknownFormatException e) {
      return failed(file, "file", "not an ACI: " + e.getMessage());
    } catch (IOException e) {
      return failed(file, "file", IoMessages.reason(e));
    }
  }

  /**
   * What {@link #checkTar} found: the report and the manifest bytes (null when the archive
   * has no usable manifest entry).
   */
  public record ArchiveCheck(ValidationReport report, byte[] manifest) {}

  /**
   * Validates the uncompressed tar read from {@code tar} up to its end-of-archive marker,
   * without reading further (the caller may drain the rest) and without closing it.
   * {@code displayName} names the archive in the report.
   */
  public static ArchiveCheck checkTar(String displayName, InputStream tar) {
    ProblemList errors = new ProblemList();
    ProblemList warnings = new ProblemList();
    byte[] manifest = null;
    boolean rootfs = false;
    Set<String> seen = new HashSet<>();
    RootfsTarballSigns signs = new RootfsTarballSigns();
    TarReader reader = new TarReader(tar); // not closed: the caller owns the stream
    try {
      for (TarEntry e = reader.next(); e != null; e = reader.next()) {
        String name;
        try {
          name = EntryPath.clean(e.name());
        } catch (EntryPath.UnsafeNameException bad) {
          errors.add("entry " + bad.getMessage() + ": names must stay inside the image");
          continue;
        }
        if (name.isEmpty()) {
          continue; // "./": the archive root
        }
        if (!seen.add(name)) {
          errors.add("entry \"" + name + "\": duplicate entry");
          continue;
        }
        TarEntryType type = e.header().type();
        if (name.equals("manifest")) {
          if (type != TarEntryType.REGULAR) {
            errors.add("entry \"manifest\": must be a regular file");
          } else if (e.header().size() > LayoutManifest.MAX_MANIFEST_BYTES) {
            errors.add("entry \"manifest\": over 16 MiB, not a manifest");
          } else {
            manifest = reader.content().readAllBytes();
          }
        } else if (name.equals("rootfs")) {
          rootfs = true;
          if (type != TarEntryType.DIRECTORY) {
            errors.add("entry \"rootfs\": must be a directory");
          }
        } else if (!name.startsWith("rootfs/")) {
          signs.topLevel(name);
          errors.add("entry \"" + name + "\": unexpected top-level name (only manifest and "
              + "rootfs)");
        } else if (type == TarEntryType.HARD_LINK) {
          String problem = EntryPath.hardLinkProblem(name, e.header().linkName(), seen);
          if (problem != null) {
            errors.add(problem);
          }
        }
      }
    } catch (IOException e) {
      errors.add(e instanceof java.nio.file.FileSystemException ? IoMessages.reason(e)
          : "reading the archive: " + IoMessages.describe(e));
    }
    if (manifest == null) {
      errors.add("no manifest entry (an ACI needs a file named manifest at the top)");
    } else {
      addManifestProblems(manifest, errors, warnings);
    }
    if (!rootfs) {
      errors.add("no rootfs entry (an ACI needs a directory named rootfs at the top)");
    }
    ValidationReport report = report(displayName, "image archive", errors, warnings);
    if (manifest == null && !rootfs && signs.looksLikeRootfs()) {
      report = withHint(report, signs.hint());
    }
    return new ArchiveCheck(report, manifest);
  }

  /** {@code report} with {@code hint} as its first error line. */
  private static ValidationReport withHint(ValidationReport report, String hint) {
    List<String> errors = new ArrayList<>();
    errors.add(hint);
    errors.addAll(report.errors());
    return new ValidationReport(report.path(), report.kind(), errors, report.warnings(),
        report.errorCount() + 1);
  }

  private static ValidationReport failed(Path path, String kind, String error) {
    return new ValidationReport(path.toString(), kind, List.of(error), List.of());
  }
}
