package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import java.io.InputStream;

/**
 * Verifies the signature of a pushed image against the keys a server trusts ({@code jaci serve
 * --require-signatures}).
 */
@FunctionalInterface
public interface SignatureVerifier {
  /**
   * Checks that {@code signature} is a valid signature over the bytes of {@code aci} (read to
   * its end) by a key trusted for {@code name}.
   *
   * @return who signed it ("signed by ..."), for the log
   * @throws JaciException saying why not (unknown key, expired, bad signature), in one line
   */
  String verify(AcIdentifier name, InputStream aci, byte[] signature) throws JaciException;
}
