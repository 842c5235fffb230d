package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.diff.Owner;
import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.extract.UnrestoredOwners;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha256;
import io.jaci.core.io.TimedBodyStream;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ADD does beyond COPY: a local tar archive (plain, gzip, bzip2, xz or zstd, known by its
 * content, never by its name) is extracted with jaci's safe extraction; a URL is downloaded
 * with timeouts and, with {@code --checksum=sha256:HEX}, checked before anything is written.
 */
final class AddSources {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  private static final int TAR_MAGIC_OFFSET = 257;

  private AddSources() {}

  /** Whether {@code source} is a URL ADD downloads. */
  static boolean isUrl(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("http://") || s.startsWith("https://");
  }

  /** Whether the regular file {@code file} holds a tar archive, compressed or not. */
  static boolean isTar(Path file) {
    try (InputStream in = Compression.decompressing(Files.newInputStream(file))) {
      byte[] head = in.readNBytes(TAR_MAGIC_OFFSET + 5);
      return head.length == TAR_MAGIC_OFFSET + 5
          && new String(head, TAR_MAGIC_OFFSET, 5, StandardCharsets.US_ASCII).equals("ustar");
    } catch (IOException e) {
      return false; // not a known compression, or damaged: copied as a file, as Docker does
    }
  }

  /**
   * Extracts the tar archive {@code file} into the directory {@code target} with the archive's
   * owners, as Docker's ADD; gives those it could not set ({@code restoreOwners} false: a normal
   * user's build) by path relative to {@code target} ({@code ""}: target itself), for the
   * step's diff.
   */
  static Map<String, Owner> extract(Path file, Path target, boolean restoreOwners)
      throws JaciException {
    UnrestoredOwners notGiven = new UnrestoredOwners();
    try {
      TreeExtractor.into(target).fromRootfs(false).restoreOwners(restoreOwners)
          .unrestoredOwners(notGiven)
          .extract(() -> Compression.decompressing(Files.newInputStream(file)));
    } catch (IOException e) {
      throw new JaciException("ADD " + file.getFileName() + ": " + IoMessages.describe(e), e);
    }
    Map<String, Owner> owners = new TreeMap<>();
    notGiven.entries().forEach((rel, o) -> owners.put(rel, new Owner(o.uid(), o.gid())));
    if (!owners.isEmpty()) {
      hardLinkOwners(file, owners);
    }
    return owners;
  }

  /**
   * Adds the owners of the archive's hard links (the extraction notes only the files they
   * link to): the diff may write either name of a linked pair as the file.
   */
  private static void hardLinkOwners(Path file, Map<String, Owner> owners)
      throws JaciException {
    try (TarReader tar = new TarReader(Compression.decompressing(Files.newInputStream(file)))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        TarHeader h = e.header();
        if (h.type() == TarEntryType.HARD_LINK && (h.uid() != 0 || h.gid() != 0)) {
          String rel = EntryPath.clean(h.name(), "ADD " + file.getFileName());
          owners.put(rel, new Owner(h.uid(), h.gid()));
        }
      }
    } catch (IOException e) {
      throw new JaciException("ADD " + file.getFileName() + ": " + IoMessages.describe(e), e);
    }
  }

  /** A downloaded URL: the temporary file and its SHA-256. */
  record Download(Path file, String sha256, String name) {}

  /**
   * Downloads {@code url} to {@code into} (a new file), checking {@code checksum}
   * ({@code sha256:HEX}, or null) at the end; on a mismatch the file is removed.
   */
  static Download download(String url, String checksum, Path into) throws JaciException {
    String expected = null;
    if (checksum != null) {
      if (!checksum.matches("sha256:[0-9a-f]{64}")) {
        throw new JaciException("ADD --checksum=" + checksum + ": give sha256: and 64 hex "
            + "digits");
      }
      expected = checksum.substring("sha256:".length());
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new JaciException("ADD " + url + ": not a URL (" + e.getMessage() + ")");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).GET().build();
    Sha256 sha = Sha256.create();
    try {
      HttpResponse<InputStream> response = client.send(request,
          TimedBodyStream.handler(READ_TIMEOUT, uri.getHost(), url, "try again later"));
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new JaciException("ADD " + url + ": the server answered HTTP "
              + response.statusCode());
        }
        try (OutputStream out = Files.newOutputStream(into)) {
          byte[] buffer = new byte[1 << 16];
          for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
        }
      }
    } catch (IOException e) {
      deleteQuietly(into);
      throw new JaciException("ADD " + url + ": " + (e instanceof java.net.ConnectException
          && e.getMessage() == null ? "cannot connect (refused or unreachable)"
          : IoMessages.describe(e)), e);
    } catch (InterruptedException e) {
      deleteQuietly(into);
      Thread.currentThread().interrupt();
      throw new JaciException("ADD " + url + ": interrupted");
    } catch (JaciException e) {
      deleteQuietly(into);
      throw e;
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (expected != null && !expected.equals(actual)) {
      deleteQuietly(into);
      throw new JaciException("ADD " + url + ": the download's checksum is sha256:" + actual
          + ", not the --checksum sha256:" + expected + "; nothing was written");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    return new Download(into, actual, name.isEmpty() ? "index.html" : name);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temporary file of the work area
    }
  }
}
