package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads the {@code Packages} indices of a repository into a {@link PackageIndex}: fetches
 * {@code InRelease} (else {@code Release}), takes the SHA256 and size it lists for
 * {@code COMPONENT/binary-ARCH/Packages.xz} (else {@code .gz}, else plain), downloads and
 * verifies that, and keeps it decompressed in the cache under that SHA256, so that the next
 * run fetches only the Release file. A flat repository ({@code Packages} at its top) and a
 * local directory without a Release file are read as they are, with a remark.
 *
 * <p>Release files are fetched and their signatures checked by {@link RepositoryTrust}.
 */
final class RepositoryIndices {
  private static final String[] SUFFIXES = {".xz", ".gz", ".bz2", ""};

  private final RepositoryTransport transport;
  private final DebCache cache;
  private final Consumer<String> remarks;
  private final RepositoryTrust trust;

  RepositoryIndices(RepositoryTransport transport, DebCache cache, RepositoryTrust trust,
      Consumer<String> remarks) {
    this.transport = transport;
    this.cache = cache;
    this.trust = trust;
    this.remarks = remarks;
  }

  /** Adds every package of {@code source} for the index's architecture to {@code index}. */
  void load(AptSource source, PackageIndex index) throws JaciException {
    String arch = index.architecture();
    URI root = source.uri();
    boolean local = "file".equals(root.getScheme());
    String base = source.flat() ? source.suite() : "dists/" + source.suite() + "/";
    if (!source.flat() && local && !Files.isDirectory(Path.of(root.resolve(base)))) {
      base = ""; // a directory with Packages at its top
    }
    Optional<ReleaseFile> release = trust.release(root.resolve(base), source);
    if (release.isEmpty() && !source.flat() && !local) {
      // no dists/SUITE/: maybe a flat repository at the top
      Optional<ReleaseFile> flat = trust.release(root, source);
      if (flat.isPresent()) {
        base = "";
        release = flat;
      }
    }
    List<String> paths = new ArrayList<>();
    if (base.equals("dists/" + source.suite() + "/")) {
      List<String> components = source.components().isEmpty() ? List.of("main")
          : source.components();
      for (String c : components) {
        paths.add(c + "/binary-" + arch + "/Packages");
      }
    } else {
      paths.add("Packages");
    }
    if (release.isEmpty()) {
      if (!local) {
        throw new JaciException(root.resolve(base) + ": no InRelease or Release file (is "
            + root + " a Debian repository, and " + source.suite() + " its suite?)");
      }
      remarks.accept(root.resolve(base) + ": no Release file, Packages not verified");
    }
    for (String path : paths) {
      readPackages(root, root.resolve(base), path, release, index);
    }
  }

  private void readPackages(URI root, URI dir, String path, Optional<ReleaseFile> release,
      PackageIndex index) throws JaciException {
    if (release.isPresent()) {
      for (String suffix : SUFFIXES) {
        Optional<ReleaseFile.Checksum> sum = release.get().checksum(path + suffix);
        if (sum.isPresent()) {
          Path cached = fetchIndex(dir.resolve(path + suffix), suffix, sum.get());
          parse(cached.toUri(), root, dir.resolve(path).toString(), "", index);
          return;
        }
      }
      throw new JaciException(dir + ": the Release file lists no " + path + " (is "
          + index.architecture() + " an architecture of this repository?)");
    }
    for (String suffix : SUFFIXES) {
      URI uri = dir.resolve(path + suffix);
      if (Files.exists(Path.of(uri))) {
        parse(uri, root, uri.toString(), suffix, index);
        return;
      }
    }
    throw new JaciException(Path.of(dir) + ": no Packages file (make one with "
        + "dpkg-scanpackages, or point to a repository with dists/)");
  }

  private Path fetchIndex(URI uri, String suffix, ReleaseFile.Checksum sum)
      throws JaciException {
    Path cached = cache.index(sum.sha256());
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      Files.createDirectories(cached.getParent());
      try (AtomicOutputFile out = AtomicOutputFile.create(cached, true);
          InputStream raw = transport.open(uri);
          VerifyingCopy verifying = new VerifyingCopy(raw, sum, uri);
          InputStream in = compression(suffix).decompress(verifying)) {
        in.transferTo(out.stream());
        // a decompressor may stop at its end marker: the check comes at the raw stream's end
        verifying.transferTo(OutputStream.nullOutputStream());
        out.commit();
      }
      return cached;
    } catch (VerifyingCopy.Mismatch e) {
      throw new JaciException(e.getMessage(), e);
    } catch (IOException e) {
      throw new JaciException(uri + ": " + e.getMessage(), e);
    }
  }

  private static Compression compression(String suffix) {
    return Suffixes.compression(suffix).orElse(Compression.NONE);
  }

  private void parse(URI file, URI root, String name, String suffix, PackageIndex index)
      throws JaciException {
    try (InputStream raw = transport.open(file);
        InputStream in = compression(suffix).decompress(raw);
        ControlFileReader r = new ControlFileReader(in, name)) {
      for (ControlParagraph p = r.next(); p != null; p = r.next()) {
        index.add(PackagesEntry.toPackage(p, root, name));
      }
    } catch (IOException e) {
      throw new JaciException(name + ": " + e.getMessage(), e);
    }
  }
}
