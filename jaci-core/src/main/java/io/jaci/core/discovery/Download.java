package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads an {@code .aci} to a temporary file: size bounded, every read timed, resumed
 * once with {@code Range} when the connection breaks, {@code If-None-Match} sent when an
 * ETag is known. A download that does not complete leaves no file.
 */
final class Download {
  private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*\"?(\\d{1,10})");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

  /**
   * The outcome: a file, or {@code notModified} (then no file).
   *
   * @param file the downloaded file (the caller deletes it), null when not modified
   * @param etag the answer's ETag
   * @param maxAgeSeconds {@code max-age}, 0 for {@code no-cache}
   * @param noStore {@code Cache-Control: no-store}
   */
  record Result(Path file, boolean notModified, Optional<String> etag,
      Optional<Long> maxAgeSeconds, boolean noStore) {}

  private Download() {}

  static Result fetch(Http http, URI uri, Path dir, long maxBytes, Optional<String> etag)
      throws JaciException {
    Map<String, String> headers = new HashMap<>();
    etag.ifPresent(e -> headers.put("If-None-Match", e));
    Path file;
    Result result;
    try (Http.Answer a = http.get(uri, headers)) {
      if (a.status() == 304 && etag.isPresent()) {
        return new Result(null, true, etag, maxAge(a), noStore(a));
      }
      if (a.status() != 200) {
        throw new JaciException(uri + ": HTTP " + a.status() + (a.status() == 404
            ? " (no such image there)" : ""));
      }
      long length = a.response().headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > maxBytes) {
        throw new JaciException(uri + ": the image is " + length + " bytes, over the limit of "
            + maxBytes);
      }
      try {
        file = Files.createTempFile(dir, "fetch-", ".aci");
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(dir, e), e);
      }
      result = new Result(file, false, Optional.ofNullable(a.header("ETag")), maxAge(a),
          noStore(a));
      try {
        IOException broken = copy(a.body(), file, false, maxBytes, uri);
        if (broken != null) {
          resume(http, a.uri(), file, result.etag(), maxBytes, broken);
        }
        if (length >= 0 && Files.size(file) != length) {
          throw new JaciException(uri + ": the download ended after " + Files.size(file)
              + " of " + length + " bytes");
        }
      } catch (JaciException | RuntimeException e) {
        deleteQuietly(file);
        throw e;
      } catch (IOException e) {
        deleteQuietly(file);
        throw new JaciException(IoMessages.about(file, e), e);
      }
    }
    return result;
  }

  /** Continues a broken download once from where it stopped (or refuses). */
  private static void resume(Http http, URI uri, Path file, Optional<String> etag, long maxBytes,
      IOException broken) throws JaciException, IOException {
    long have = Files.size(file);
    Map<String, String> headers = new HashMap<>();
    headers.put("Range", "bytes=" + have + "-");
    etag.ifPresent(e -> headers.put("If-Range", e));
    try (Http.Answer a = http.get(uri, headers)) {
      Matcher m = CONTENT_RANGE.matcher(a.header("Content-Range") == null ? ""
          : a.header("Content-Range"));
      boolean append = a.status() == 206 && m.matches() && Long.parseLong(m.group(1)) == have;
      if (!append && a.status() != 200) {
        throw new JaciException(uri + ": the download broke after " + have + " bytes ("
            + IoMessages.reason(broken) + ") and resuming it failed (HTTP " + a.status() + ")");
      }
      IOException again = copy(a.body(), file, append, maxBytes, uri);
      if (again != null) {
        throw new JaciException(uri + ": the download broke twice, after " + Files.size(file)
            + " bytes: " + IoMessages.reason(again) + "; try again");
      }
    }
  }

  /**
   * Copies {@code in} to {@code file}; returns the exception that broke the connection (the
   * bytes so far are kept), or null at a clean end.
   */
  private static IOException copy(InputStream in, Path file, boolean append, long maxBytes,
      URI uri) throws JaciException, IOException {
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      long total = append ? Files.size(file) : 0;
      byte[] buf = new byte[1 << 16];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          return e;
        }
        if (n < 0) {
          return null;
        }
        total += n;
        if (total > maxBytes) {
          throw new JaciException(uri + ": the image is over the limit of " + maxBytes
              + " bytes, refused");
        }
        out.write(buf, 0, n);
      }
    }
  }

  private static Optional<Long> maxAge(Http.Answer a) {
    String cc = a.header("Cache-Control");
    if (cc == null) {
      return Optional.empty();
    }
    String lower = cc.toLowerCase(Locale.ROOT);
    if (lower.contains("no-cache")) {
      return Optional.of(0L);
    }
    Matcher m = MAX_AGE.matcher(lower);
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  private static boolean noStore(Http.Answer a) {
    String cc = a.header("Cache-Control");
    return cc != null && cc.toLowerCase(Locale.ROOT).contains("no-store");
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover in the store's tmp directory, removed by gc
    }
  }
}
