package io.jaci.core.trust;

import io.jaci.core.JaciException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * Reads detached OpenPGP signatures, ASCII-armored or binary: the parsing that ACI signatures
 * and Debian's {@code Release.gpg} share.
 */
public final class OpenPgpSignatures {
  /** The largest signature file read; a detached signature is a few hundred bytes. */
  public static final int MAX_SIGNATURE_BYTES = 256 << 10;
  /** Signatures read from one file; more is not a detached signature file. */
  static final int MAX_SIGNATURES = 64;

  private OpenPgpSignatures() {}

  /**
   * The signatures of a detached signature file.
   *
   * @throws JaciException naming {@code source} when {@code bytes} are not one
   */
  public static List<PGPSignature> parse(byte[] bytes, String source) throws JaciException {
    if (bytes.length > MAX_SIGNATURE_BYTES) {
      throw new JaciException(source + ": over " + BoundedBytes.describe(MAX_SIGNATURE_BYTES)
          + ", not a detached OpenPGP signature");
    }
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      List<PGPSignature> sigs = new ArrayList<>();
      for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
        if (!(o instanceof PGPSignatureList list)) {
          throw new JaciException(source + ": not a detached OpenPGP signature (it holds "
              + o.getClass().getSimpleName().replace("PGP", "") + ")");
        }
        for (PGPSignature s : list) {
          sigs.add(s);
        }
        if (sigs.size() > MAX_SIGNATURES) {
          throw new JaciException(source + ": over " + MAX_SIGNATURES + " signatures, not a "
              + "detached OpenPGP signature");
        }
      }
      if (sigs.isEmpty()) {
        throw new JaciException(source + ": not an OpenPGP signature (empty or garbage)");
      }
      return sigs;
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports some malformed packets as runtime exceptions
      throw new JaciException(source + ": not an OpenPGP signature ("
          + OpenPgpKey.reason(e) + ")", e);
    }
  }

  /** Reads at most {@link #MAX_SIGNATURE_BYTES} of {@code in} and parses them. */
  public static List<PGPSignature> read(InputStream in, String source) throws JaciException {
    try {
      return parse(BoundedBytes.read(in, MAX_SIGNATURE_BYTES, "a detached OpenPGP signature"),
          source);
    } catch (IOException e) {
      throw new JaciException(source + ": " + e.getMessage(), e);
    }
  }

  /** The signer as the signature names it: the issuer fingerprint if given, else key ID. */
  public static String issuer(PGPSignature sig) {
    var hashed = sig.getHashedSubPackets();
    var fp = hashed == null ? null : hashed.getIssuerFingerprint();
    if (fp == null && sig.getUnhashedSubPackets() != null) {
      fp = sig.getUnhashedSubPackets().getIssuerFingerprint();
    }
    if (fp != null && (fp.getFingerprint().length == 20 || fp.getFingerprint().length == 32)) {
      return java.util.HexFormat.of().formatHex(fp.getFingerprint());
    }
    return String.format("%016X", sig.getKeyID());
  }
}
