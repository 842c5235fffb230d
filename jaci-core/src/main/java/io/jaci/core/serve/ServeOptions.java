package io.jaci.core.serve;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ImageServer} runs.
 *
 * @param address where to listen (port 0: any free port)
 * @param baseUrl the URL clients reach the server at; empty: {@code http(s)://ADDRESS:PORT}
 * @param tls a PEM certificate chain and PKCS#8 PEM private key: HTTPS (and HTTP/2) when given
 * @param users the htpasswd file of the users who may push; empty: no pushes
 * @param signatureCheck when present, every push must carry a signature it accepts
 * @param publicKeys the armored public keys served at {@code /pubkeys.gpg}, if any
 * @param maxUpload the largest {@code .aci} a push may send, in bytes
 * @param idleTimeout how long a connection may wait for a client that sends or reads nothing
 */
public record ServeOptions(InetSocketAddress address, Optional<String> baseUrl,
    Optional<TlsFiles> tls, Optional<Path> users, Optional<SignatureVerifier> signatureCheck,
    Optional<Path> publicKeys, long maxUpload, Duration idleTimeout) {

  /** The certificate and key files of an HTTPS server. */
  public record TlsFiles(Path certificate, Path key) {}

  /** Nulls refused, and positive limits. */
  public ServeOptions {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(signatureCheck, "signatureCheck");
    Objects.requireNonNull(publicKeys, "publicKeys");
    if (maxUpload <= 0 || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the upload limit and the idle timeout must be positive");
    }
  }

  /** Options for a plain HTTP server on {@code address}, with defaults for the rest. */
  public static ServeOptions on(InetSocketAddress address) {
    return new ServeOptions(address, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), 8L << 30, Duration.ofSeconds(30));
  }
}
