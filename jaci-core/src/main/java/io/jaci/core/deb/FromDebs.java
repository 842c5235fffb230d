package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.AppString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds an ACI from Debian packages, as packages2aci did but resolving dependencies itself:
 * reads the repositories' indices (verified against their Release files), resolves the
 * closure of the named packages, downloads the {@code .deb} files in parallel (verified
 * against the index), and writes their contents into one image with {@code var/lib/dpkg}
 * filled in. Or rebuilds exactly the set of a lock file.
 *
 * <pre>{@code
 * FromDebs.Result r = FromDebs.resolving(List.of("hello"), AptSources.readSystem())
 *     .architecture("amd64")
 *     .excludes(PathExcludes.of(List.of("/usr/share/doc/*")))
 *     .build(Path.of("hello.aci"), AppString.parse("example.com/hello:2.10"));
 * }</pre>
 */
public final class FromDebs {
  private final List<String> requests;
  private final List<AptSource> sources;
  private final Path fromLock;
  private String architecture = DebArchitectures.host();
  private boolean architectureGiven;
  private List<Path> localDebs = List.of();
  private boolean recommends = true;
  private boolean withEssential;
  private boolean basePasswd;
  private boolean configure;
  private PathExcludes excludes = PathExcludes.of(List.of());
  private DebCache cache = DebCache.defaultCache();
  private Path lockOut;
  private Long sourceDateEpoch;
  private boolean overwrite;
  private List<Path> keyrings = List.of();
  private boolean allowUnsigned;
  private Compression compression = Compression.GZIP;
  private int level = Compression.DEFAULT_LEVEL;
  private ProgressListener downloadProgress = ProgressListener.NONE;
  private ProgressListener writeProgress = ProgressListener.NONE;
  private Consumer<String> remarks = m -> {};

  private FromDebs(List<String> requests, List<AptSource> sources, Path fromLock) {
    this.requests = List.copyOf(requests);
    this.sources = List.copyOf(sources);
    this.fromLock = fromLock;
  }

  /** Resolves {@code packages} (names or {@code name=VERSION}) over {@code sources}. */
  public static FromDebs resolving(List<String> packages, List<AptSource> sources) {
    return new FromDebs(packages, sources, null);
  }

  /** Installs exactly the packages of a lock file written by {@link #lockFile(Path)}. */
  public static FromDebs fromLock(Path lock) {
    return new FromDebs(List.of(), List.of(), Objects.requireNonNull(lock));
  }

  /** The Debian architecture to install (default: this machine's). */
  public FromDebs architecture(String arch) {
    this.architecture = Objects.requireNonNull(arch);
    this.architectureGiven = true;
    return this;
  }

  /** {@code .deb} files that are installed and win over the index's versions of their names. */
  public FromDebs localDebs(List<Path> debs) {
    this.localDebs = List.copyOf(debs);
    return this;
  }

  /** Whether Recommends count (default true, as in apt). */
  public FromDebs recommends(boolean value) {
    this.recommends = value;
    return this;
  }

  /** Also install the Essential and Priority: required packages (default false). */
  public FromDebs withEssential(boolean value) {
    this.withEssential = value;
    return this;
  }

  /**
   * Install base-passwd and make {@code /etc/passwd} and {@code /etc/group} from its master
   * files, as its maintainer scripts would (default false: no maintainer script runs, so an
   * image has neither, even with the Essential packages).
   */
  public FromDebs basePasswd(boolean value) {
    this.basePasswd = value;
    return this;
  }

  /**
   * Run the packages' maintainer scripts inside the image through the runner, rootless, so
   * that they end up configured (default false: they are only unpacked and marked installed).
   * Implies Debian's Essential packages, which maintainer scripts may use without depending
   * on them (Debian Policy 3.8). See {@link DebConfigure}.
   */
  public FromDebs configure(boolean value) {
    this.configure = value;
    return this;
  }

  /** Paths left out of the image. */
  public FromDebs excludes(PathExcludes value) {
    this.excludes = Objects.requireNonNull(value);
    return this;
  }

  /** Where indices and packages are cached (default {@link DebCache#defaultCache()}). */
  public FromDebs cache(DebCache value) {
    this.cache = Objects.requireNonNull(value);
    return this;
  }

  /** Write the resolved set to this file once the image is written. */
  public FromDebs lockFile(Path file) {
    this.lockOut = file;
    return this;
  }

  /** Clamp every mtime to this (null: none), and date the manifest and dpkg files with it. */
  public FromDebs sourceDateEpoch(Long seconds) {
    this.sourceDateEpoch = seconds;
    return this;
  }

  /**
   * Keyrings to check every repository's Release signature with (default: the source's
   * signed-by, else apt's trusted keyrings, else Debian's archive keyring).
   */
  public FromDebs keyrings(List<Path> files) {
    this.keyrings = List.copyOf(files);
    return this;
  }

  /** Use repositories whose Release is not signed (local directories always may be). */
  public FromDebs allowUnsigned(boolean value) {
    this.allowUnsigned = value;
    return this;
  }

  /** Replace an existing output file. */
  public FromDebs overwrite(boolean value) {
    this.overwrite = value;
    return this;
  }

  /** The ACI's compression (default gzip). */
  public FromDebs compression(Compression value) {
    this.compression = Objects.requireNonNull(value);
    return this;
  }

  /** The compression level, 1 (fastest) to 9 (smallest); default: the compression's. */
  public FromDebs compressionLevel(int value) {
    if (value < 1 || value > 9) {
      throw new IllegalArgumentException("compression level " + value + " is outside 1..9");
    }
    this.level = value;
    return this;
  }

  /** Progress of the downloads and of writing the image. */
  public FromDebs progress(ProgressListener downloads, ProgressListener writing) {
    this.downloadProgress = Objects.requireNonNull(downloads);
    this.writeProgress = Objects.requireNonNull(writing);
    return this;
  }

  /** Where remarks for the user go (an unverified local index, counts). */
  public FromDebs remarks(Consumer<String> value) {
    this.remarks = Objects.requireNonNull(value);
    return this;
  }

  /** What was built. */
  public record Result(ImageId imageId, Path output, List<DebPackage> packages, long tarSize,
      long fileSize) {}

  /**
   * Resolves (or reads the lock), downloads and writes the image to {@code output}.
   *
   * @throws JaciException one line naming what is wrong; no output file is left
   */
  public Result build(Path output, AppString name) throws JaciException {
    if (!overwrite && java.nio.file.Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // checked again when the file is written; said here so that no work is wasted
      throw new JaciException(output + ": already exists (use --overwrite to replace it)");
    }
    if (lockOut != null) {
      Path dir = lockOut.toAbsolutePath().getParent();
      if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
        throw new JaciException(lockOut + ": no such directory for the lock file");
      }
    }
    List<DebPackage> packages;
    String arch = architecture;
    byte[] manifest;
    if (fromLock != null) {
      LockFile.Locked locked = LockFile.read(fromLock);
      if (architectureGiven && !locked.architecture().equals(architecture)) {
        throw new JaciException(fromLock + ": locked for " + locked.architecture()
            + ", not " + architecture);
      }
      arch = locked.architecture();
      packages = locked.packages();
      if (basePasswd && packages.stream().noneMatch(p -> p.name().equals(BasePasswd.PACKAGE))) {
        throw new JaciException(fromLock + ": --base-passwd needs " + BasePasswd.PACKAGE
            + ", which the lock does not have");
      }
      manifest = manifest(name, arch);
    } else {
      manifest = manifest(name, arch);
      packages = resolve(arch);
    }
    RepositoryTransport transport = new RepositoryTransport();
    List<Path> files = new DebDownloader(transport, cache).fetch(packages, downloadProgress);
    List<String> names = new ArrayList<>();
    for (DebPackage p : packages) {
      names.add(p.local() ? Path.of(p.location()).toString()
          : p.name() + " " + p.version() + " (" + p.filename() + ")");
    }
    DebImageWriter writer = new DebImageWriter(excludes, sourceDateEpoch, writeProgress,
        basePasswd, configure);
    Result result;
    if (configure) {
      result = buildConfigured(writer, output, manifest, files, names, packages);
    } else {
      DebImageWriter.Written w = writer.write(output, overwrite, compression, level, manifest,
          files, names);
      result = new Result(w.aci().imageId(), output, packages, w.aci().tarSize(),
          w.aci().fileSize());
    }
    if (lockOut != null) {
      LockFile.write(lockOut, arch, packages);
    }
    return result;
  }

  /** The packages unpacked into a work area next to the output, configured there, written. */
  private Result buildConfigured(DebImageWriter writer, Path output, byte[] manifest,
      List<Path> files, List<String> names, List<DebPackage> packages) throws JaciException {
    Path work;
    Path parent = output.toAbsolutePath().getParent();
    try {
      work = java.nio.file.Files.createTempDirectory(parent, "." + output.getFileName()
          + ".configure-");
    } catch (java.io.IOException e) {
      throw new JaciException(io.jaci.core.io.IoMessages.about(parent, e), e);
    }
    try {
      Path unpacked = work.resolve("unpacked.aci");
      writer.write(unpacked, false, Compression.NONE, Compression.DEFAULT_LEVEL, manifest, files,
          names);
      remarks.accept("configuring " + packages.size() + " packages in the image");
      io.jaci.core.aci.AciBuildResult r = new DebConfigure(work, remarks).configure(unpacked,
          packages, new DebConfigure.Output(output, overwrite, compression, level,
              sourceDateEpoch));
      return new Result(r.imageId(), output, packages, r.tarSize(), r.fileSize());
    } finally {
      try {
        io.jaci.core.io.AtomicOutputDirectory.deleteTree(work);
      } catch (java.io.IOException e) {
        remarks.accept(work + ": not removed (" + io.jaci.core.io.IoMessages.describe(e)
            + "); remove it by hand");
      }
    }
  }

  /**
   * Checks what can be checked before any work: the name and architecture give a valid
   * manifest.
   */
  public static byte[] manifest(AppString name, String debianArch) throws JaciException {
    String appcArch = DebArchitectures.appcArch(debianArch).orElseThrow(() ->
        new JaciException("Debian architecture " + debianArch + " has no appc arch label "
            + "(known: " + DebArchitectures.known() + ")"));
    Labels labels = name.requiredLabels();
    try {
      if (labels.get("os").isEmpty()) {
        labels = labels.with("os", "linux");
      }
      if (labels.get("arch").isEmpty()) {
        labels = labels.with("arch", appcArch);
      }
      ImageManifest m = ImageManifest.builder(name.name()).labels(labels).build();
      return ManifestJson.write(m);
    } catch (IllegalArgumentException e) {
      throw new JaciException("invalid image name or labels: " + e.getMessage(), e);
    }
  }

  private List<DebPackage> resolve(String arch) throws JaciException {
    PackageIndex index = new PackageIndex(arch);
    RepositoryTransport transport = new RepositoryTransport();
    RepositoryIndices indices = new RepositoryIndices(transport, cache,
        new RepositoryTrust(transport, keyrings, allowUnsigned, remarks), remarks);
    int used = 0;
    for (AptSource s : sources) {
      if (s.serves(arch)) {
        indices.load(s, index);
        used++;
      }
    }
    List<String> roots = new ArrayList<>();
    if (configure && !withEssential) { // first, as --with-essential puts them
      index.all().stream().filter(DebPackage::essential).map(DebPackage::name).distinct()
          .sorted().forEach(roots::add);
    }
    roots.addAll(requests);
    if (basePasswd) {
      roots.add(BasePasswd.PACKAGE);
    }
    for (Path deb : localDebs) {
      DebPackage p = LocalDebs.read(deb);
      if (!p.architecture().equals(arch) && !p.architecture().equals("all")) {
        throw new JaciException(deb + ": a package for " + p.architecture() + ", not " + arch);
      }
      index.addLocal(p);
      roots.add(p.name());
    }
    if (used == 0 && localDebs.isEmpty()) {
      throw new JaciException("no repository for " + arch + ": give --mirror URL (or a "
          + "directory), or configure apt sources");
    }
    List<DebPackage> resolved = new DebResolver(index, recommends).resolve(roots, withEssential);
    remarks.accept("resolved " + resolved.size() + " packages from " + index.size()
        + " in the index");
    return resolved;
  }
}
