package io.jaci.core.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/** Who made a detached OpenPGP signature, as the signature itself says (not verified here). */
final class SignatureIssuer {
  private static final int MAX_SIGNATURE = 64 * 1024;

  private SignatureIssuer() {}

  /**
   * The issuer's fingerprint (or key ID when the signature names no fingerprint), upper-case
   * hex; "unreadable signature" when the file holds no OpenPGP signature.
   */
  static String of(Path signature) {
    try (InputStream in = Files.newInputStream(signature)) {
      return of(in.readNBytes(MAX_SIGNATURE));
    } catch (IOException e) {
      return "unreadable signature";
    }
  }

  static String of(byte[] signature) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
      Object o = new JcaPGPObjectFactory(in).nextObject();
      if (o instanceof PGPSignatureList list && !list.isEmpty()) {
        PGPSignature sig = list.get(0);
        var fingerprint = sig.getHashedSubPackets() == null ? null
            : sig.getHashedSubPackets().getIssuerFingerprint();
        if (fingerprint != null) {
          return HexFormat.of().formatHex(fingerprint.getFingerprint()).toUpperCase(Locale.ROOT);
        }
        return String.format("key ID %016X", sig.getKeyID());
      }
    } catch (IOException | RuntimeException e) {
      // falls through
    }
    return "unreadable signature";
  }

  /** Whether {@code bytes} hold an OpenPGP signature at all (armored or binary). */
  static boolean isSignature(byte[] bytes) {
    return !of(bytes).equals("unreadable signature");
  }
}
