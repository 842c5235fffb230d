package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.SideReadStream;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.jaci.core.trust.SignatureCheck;
import io.jaci.core.trust.TrustedKeys;
import io.jaci.core.trust.VerifiedSignature;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Imports a fetched image in one read of its bytes: the signature is checked on the same
 * bytes as they go by ({@link SideReadStream}), and the signature's verdict, the name,
 * labels and ID are all checked before the image enters the store; a refused image leaves
 * nothing behind.
 */
final class VerifiedImport {
  /** The imported image, and the trusted key that signed it (empty when not checked). */
  record Outcome(StoredImage image, Optional<VerifiedSignature> signature) {}

  private VerifiedImport() {}

  /**
   * Imports {@code image} (closed at the end).
   *
   * @param signature the detached signature; empty refuses the image unless {@code
   *     checkSignatures} is false
   * @param keyName the name whose trusted keys check the signature; the image must have it
   * @param check the name, labels and ID the fetch asked for
   */
  static Outcome run(ImageStore store, TrustedKeys keys, InputStream image, String source,
      long size, boolean checkSignatures, Optional<byte[]> signature, AcIdentifier keyName,
      ImageStore.ImportCheck check) throws JaciException {
    SideReadStream<VerifiedSignature> verifying = checkSignatures && signature.isPresent()
        ? new SideReadStream<>(image, in -> new SignatureCheck(keys).verify(in,
            signature.get(), keyName, source))
        : null;
    VerifiedSignature[] verified = {null};
    InputStream in = verifying != null ? verifying : image;
    try {
      StoredImage s = store.importAci(in, source, size, ProgressListener.NONE, (id, m) -> {
        if (checkSignatures && signature.isEmpty()) {
          throw unsigned(source, m.name());
        }
        check.check(id, m);
        if (verifying != null) {
          if (!m.name().equals(keyName)) {
            throw new JaciException(source + ": the image is named " + m.name()
                + ", its signature was checked for " + keyName + ": refused");
          }
          try {
            verified[0] = verifying.finish();
          } catch (IOException e) {
            throw failure(source, e);
          }
        }
      });
      return new Outcome(s, Optional.ofNullable(verified[0]));
    } catch (JaciException e) {
      JaciException refusal = verifying != null ? verifying.refusal() : null;
      if (refusal != null && refusal != e) {
        throw refusal; // the signature check ended the import: its reason, not the import's
      }
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof Download.Failure f) {
          throw new JaciException(f.getMessage(), e);
        }
      }
      throw e;
    } finally {
      try {
        // after the catch: releasing stops the check, which refusal() must not see
        if (verifying != null) {
          verifying.release();
        } else {
          image.close();
        }
      } catch (IOException ignored) {
        // the connection or the file is dropped either way
      }
    }
  }

  /** The refusal of an unsigned image, with both ways out. */
  static JaciException unsigned(String source, AcIdentifier name) {
    return new JaciException(source + ": the image is not signed: have it signed, then "
        + SignatureCheck.howToTrust(name));
  }

  private static JaciException failure(String source, IOException e) {
    return e instanceof Download.Failure ? new JaciException(e.getMessage(), e)
        : new JaciException(source + ": " + io.jaci.core.io.IoMessages.reason(e), e);
  }
}
