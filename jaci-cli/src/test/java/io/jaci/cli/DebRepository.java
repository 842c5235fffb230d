package io.jaci.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Debian repository for tests: packages built with {@code dpkg-deb}, indexed with
 * {@code dpkg-scanpackages} into {@code dists/stable/main/binary-amd64/Packages(.gz)} with a
 * Release file from {@code apt-ftparchive}, served over HTTP on 127.0.0.1, counting requests.
 */
final class DebRepository implements AutoCloseable {
  private final Path root;
  private final HttpServer server;
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private DebRepository(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  /** A package source directory: DEBIAN/control from {@code control}, files from the map. */
  static Path deb(Path work, String fileName, String control, Map<String, String> files)
      throws IOException {
    return deb(work, fileName, control, files, src -> { });
  }

  /** What a test adds to a package's source directory beyond text files. */
  interface SourceTree {
    void fill(Path src) throws IOException;
  }

  /**
   * Like {@link #deb(Path, String, String, Map)}; files under {@code DEBIAN/} (maintainer
   * scripts) are made executable, and {@code more} adds to the tree before it is built.
   */
  static Path deb(Path work, String fileName, String control, Map<String, String> files,
      SourceTree more) throws IOException {
    ExternalTool.require("dpkg-deb");
    Path src = work.resolve(fileName + ".src");
    Files.createDirectories(src.resolve("DEBIAN"));
    Files.writeString(src.resolve("DEBIAN/control"), control
        + "\nMaintainer: jaci tests <tests@example.invalid>\nDescription: test package\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = src.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
      if (f.getKey().startsWith("DEBIAN/")) {
        Files.setPosixFilePermissions(p,
            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    more.fill(src);
    Path out = work.resolve(fileName + ".deb");
    ProcessRun.run(work, "dpkg-deb", "--root-owner-group", "--build", src.toString(),
        out.toString()).assertSuccess();
    return out;
  }

  /** Indexes {@code debs} into a repository at {@code root} and serves it. */
  static DebRepository serve(Path root, List<Path> debs) throws IOException {
    ExternalTool.require("dpkg-scanpackages");
    ExternalTool.require("apt-ftparchive");
    Path pool = Files.createDirectories(root.resolve("pool/main"));
    for (Path d : debs) {
      Files.copy(d, pool.resolve(d.getFileName()));
    }
    Path bin = Files.createDirectories(root.resolve("dists/stable/main/binary-amd64"));
    ProcessRun scan = ProcessRun.run(root, "dpkg-scanpackages", "-m", "pool", "/dev/null")
        .assertSuccess();
    Files.write(bin.resolve("Packages"), scan.stdout());
    ProcessRun.run(bin, "gzip", "-9k", "Packages").assertSuccess();
    ProcessRun release = ProcessRun.run(root.resolve("dists/stable"), "apt-ftparchive",
        "-o", "APT::FTPArchive::Release::Suite=stable", "release", ".").assertSuccess();
    Files.write(root.resolve("dists/stable/Release"), release.stdout());
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    DebRepository repo = new DebRepository(root, server);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      repo.requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] body = Files.readAllBytes(file);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return repo;
  }

  /**
   * Signs the Release file as a Debian archive is signed (a clear-signed InRelease and a
   * detached Release.gpg) with a new key in {@code gnupgHome}; returns the public keyring.
   */
  Path sign(Path gnupgHome) throws IOException {
    Files.createDirectories(gnupgHome);
    Files.setPosixFilePermissions(gnupgHome,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", gnupgHome.toString());
    Path dists = root.resolve("dists/stable");
    ProcessRun.run(dists, env, List.of("gpg", "--batch", "--passphrase", "",
        "--quick-generate-key", "jaci test archive <archive@example.invalid>", "rsa2048",
        "sign", "never")).assertSuccess();
    ProcessRun.run(dists, env, List.of("gpg", "--batch", "--yes", "--clearsign", "--output",
        "InRelease", "Release")).assertSuccess();
    ProcessRun.run(dists, env, List.of("gpg", "--batch", "--yes", "--detach-sign", "--output",
        "Release.gpg", "Release")).assertSuccess();
    Path keyring = gnupgHome.resolve("archive.gpg");
    ProcessRun.run(dists, env, List.of("gpg", "--batch", "--yes", "--output",
        keyring.toString(), "--export")).assertSuccess();
    return keyring;
  }

  /** The repository's URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Where the repository's files are. */
  Path root() {
    return root;
  }

  /** How many requests asked for paths ending with {@code suffix}. */
  int requestsFor(String suffix) {
    return requests.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
