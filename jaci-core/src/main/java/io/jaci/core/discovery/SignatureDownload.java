package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Downloads a detached signature: 200 gives it, 404 or 410 means unsigned, and 202 (the
 * server is still making it) is retried a few times, never read as unsigned.
 */
final class SignatureDownload {
  static final int MAX_BYTES = 1 << 20;
  static final int TRIES = 5;

  private SignatureDownload() {}

  /** The signature's bytes; empty when the server says there is none. */
  static Optional<byte[]> fetch(Http http, URI uri, Duration pause) throws JaciException {
    for (int attempt = 1; ; attempt++) {
      try (Http.Answer a = http.get(uri, Map.of())) {
        switch (a.status()) {
          case 200 -> {
            return Optional.of(Http.readBytes(a, MAX_BYTES, "the signature"));
          }
          case 404, 410 -> {
            return Optional.empty();
          }
          case 202 -> {
            if (attempt == TRIES) {
              throw new JaciException(uri + ": the server is still making the signature (HTTP"
                  + " 202 after " + TRIES + " tries); try again later");
            }
          }
          default -> throw new JaciException(uri + ": HTTP " + a.status()
              + " for the signature");
        }
      }
      try {
        Thread.sleep(pause.toMillis() * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JaciException(uri + ": interrupted");
      }
    }
  }
}
