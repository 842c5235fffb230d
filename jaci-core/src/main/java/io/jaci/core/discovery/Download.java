package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads an {@code .aci} as a stream, read once by the import: size bounded, every read
 * timed, resumed once with {@code Range} (and {@code If-Range}) when the connection breaks, its
 * length checked at the end, {@code If-None-Match} sent when an ETag is known. A download
 * that does not complete fails the read with a {@link Failure}.
 */
final class Download {
  private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*\"?(\\d{1,10})");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

  /**
   * The answer: a body to read, or {@code notModified} (then none).
   *
   * @param body the image's bytes (close it), null when not modified
   * @param length its Content-Length, -1 when not given
   * @param etag the answer's ETag
   * @param maxAgeSeconds {@code max-age}, 0 for {@code no-cache}
   * @param noStore {@code Cache-Control: no-store}
   */
  record Result(Body body, long length, boolean notModified, Optional<String> etag,
      Optional<Long> maxAgeSeconds, boolean noStore) {}

  /** A download that did not complete, for the read that found it: one line for the user. */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private Download() {}

  static Result open(Http http, URI uri, long maxBytes, Optional<String> etag)
      throws JaciException {
    Map<String, String> headers = new HashMap<>();
    etag.ifPresent(e -> headers.put("If-None-Match", e));
    Http.Answer a = http.get(uri, headers);
    boolean handedOver = false;
    try {
      if (a.status() == 304 && etag.isPresent()) {
        return new Result(null, -1, true, etag, maxAge(a), noStore(a));
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
      Optional<String> tag = Optional.ofNullable(a.header("ETag"));
      Result r = new Result(new Body(http, a, length, maxBytes, tag), length, false, tag,
          maxAge(a), noStore(a));
      handedOver = true;
      return r;
    } finally {
      if (!handedOver) {
        a.close();
      }
    }
  }

  /** The image's bytes as they come, from where a break left them after a resume. */
  static final class Body extends InputStream {
    private final Http http;
    private final URI uri;
    private final long length;
    private final long maxBytes;
    private final Optional<String> etag;
    private Http.Answer answer;
    private long total;
    private boolean resumed;

    private Body(Http http, Http.Answer answer, long length, long maxBytes,
        Optional<String> etag) {
      this.http = http;
      this.answer = answer;
      this.uri = answer.uri();
      this.length = length;
      this.maxBytes = maxBytes;
      this.etag = etag;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      while (true) {
        try {
          n = answer.body().read(b, off, len);
          break;
        } catch (IOException e) {
          resume(e); // once; a second break is refused there
        }
      }
      if (n < 0) {
        if (length >= 0 && total != length) {
          throw new Failure(uri + ": the download ended after " + total + " of " + length
              + " bytes");
        }
        return -1;
      }
      total += n;
      if (total > maxBytes) {
        throw new Failure(uri + ": the image is over the limit of " + maxBytes
            + " bytes, refused");
      }
      return n;
    }

    /** Continues a broken download once from where it stopped (or refuses). */
    private void resume(IOException broken) throws IOException {
      if (resumed) {
        throw new Failure(uri + ": the download broke twice, after " + total + " bytes: "
            + IoMessages.reason(broken) + "; try again");
      }
      resumed = true;
      answer.close();
      Map<String, String> headers = new HashMap<>();
      headers.put("Range", "bytes=" + total + "-");
      etag.ifPresent(e -> headers.put("If-Range", e));
      try {
        answer = http.get(uri, headers);
      } catch (JaciException e) {
        throw new Failure(uri + ": the download broke after " + total + " bytes ("
            + IoMessages.reason(broken) + ") and resuming it failed: " + e.getMessage());
      }
      String range = answer.header("Content-Range");
      Matcher m = CONTENT_RANGE.matcher(range == null ? "" : range);
      // a whole new answer (200) cannot continue a stream already read: refused
      if (answer.status() != 206 || !m.matches() || Long.parseLong(m.group(1)) != total) {
        throw new Failure(uri + ": the download broke after " + total + " bytes ("
            + IoMessages.reason(broken) + ") and resuming it failed (HTTP " + answer.status()
            + (answer.status() == 200 ? ", the server sent the whole image again" : "")
            + "); try again");
      }
    }

    @Override
    public void close() {
      answer.close();
    }
  }

  /** The first {@code max} bytes of {@code body} (fewer when it ends before). */
  static byte[] head(Body body, int max) throws JaciException {
    try {
      return body.readNBytes(max);
    } catch (IOException e) {
      throw e instanceof Failure ? new JaciException(e.getMessage(), e)
          : new JaciException(body.uri + ": " + IoMessages.reason(e), e);
    }
  }

  /** Writes {@code in} (reading {@code body}) to a new file in {@code dir}; the caller deletes it. */
  static Path spool(InputStream in, Body body, Path dir) throws JaciException {
    Path file;
    try {
      file = Files.createTempFile(dir, "fetch-", ".aci");
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      throw e instanceof Failure ? new JaciException(e.getMessage(), e)
          : new JaciException(body.uri + ": " + IoMessages.reason(e), e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover in the store's tmp directory, removed by gc
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
}
