package io.jaci.core.trust;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Checks the detached signature of an image (the {@code .aci} file's bytes as distributed)
 * against the keys trusted for the image's name: the keys of every prefix of the name and
 * the root keys. The image is streamed once, never held in memory.
 *
 * <pre>{@code
 * TrustedKeys keys = TrustedKeys.load(KeystoreDirs.defaults());
 * VerifiedSignature v = new SignatureCheck(keys).verify(aci, Files.readAllBytes(asc), name);
 * }</pre>
 */
public final class SignatureCheck {
  private final TrustedKeys keys;
  private final Instant now;

  public SignatureCheck(TrustedKeys keys) {
    this(keys, Instant.now());
  }

  /** Judges key expiry at {@code now} instead of the current time. */
  public SignatureCheck(TrustedKeys keys, Instant now) {
    this.keys = keys;
    this.now = now;
  }

  /** {@link #verify(InputStream, byte[], AcIdentifier, String)} of a file. */
  public VerifiedSignature verify(Path image, byte[] signature, AcIdentifier name)
      throws JaciException {
    try (InputStream in = Files.newInputStream(image)) {
      return verify(in, signature, name, image.toString());
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(image, e), e);
    }
  }

  /**
   * Verifies {@code signature} (armored or binary, detached) over all of {@code image}.
   *
   * @param name the image's name (from its manifest, or the name asked for)
   * @param source what {@code image} is, for messages (a file name or URL)
   * @return which trusted key signed it, and for which prefix
   * @throws SignatureRefusedException when the signature does not make the image trusted;
   *     the message names the key and says what to do
   * @throws JaciException when {@code image} cannot be read
   */
  public VerifiedSignature verify(InputStream image, byte[] signature, AcIdentifier name,
      String source) throws JaciException {
    List<PGPSignature> sigs;
    try {
      sigs = OpenPgpSignatures.parse(signature, "the signature of " + source);
    } catch (JaciException e) {
      throw new SignatureRefusedException(SignatureRefusedException.Reason.MALFORMED,
          e.getMessage(), e);
    }
    // the digests hold native contexts: freed on every way out, verified or not
    try (Sha2Verifiers verifiers = new Sha2Verifiers()) {
      return verify(sigs, image, name, source, verifiers);
    }
  }

  private VerifiedSignature verify(List<PGPSignature> sigs, InputStream image,
      AcIdentifier name, String source, Sha2Verifiers verifiers) throws JaciException {
    List<Candidate> candidates = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (PGPSignature sig : sigs) {
      for (TrustedKey k : keys.forImage(name)) {
        PGPPublicKey signer = signingKey(k.key(), sig);
        if (signer == null) {
          continue;
        }
        String problem = problem(k.key(), signer, sig);
        if (problem != null) {
          invalid.add(problem);
          continue;
        }
        try {
          initFast(sig, signer, verifiers);
          candidates.add(new Candidate(sig, k, signer));
          break; // one key per signature: the signature object hashes the data once
        } catch (PGPException | RuntimeException e) {
          invalid.add("key " + k.fingerprint() + " cannot check this signature ("
              + OpenPgpKey.reason(e) + ")");
        }
      }
    }
    if (candidates.isEmpty()) {
      if (!invalid.isEmpty()) {
        throw new SignatureRefusedException(SignatureRefusedException.Reason.KEY_NOT_VALID,
            source + ": signature refused: " + invalid.get(0));
      }
      throw unknownKey(sigs, name, source);
    }
    stream(image, candidates, source);
    for (Candidate c : candidates) {
      try {
        if (c.sig.verify()) {
          return new VerifiedSignature(c.key.fingerprint(), Fingerprint.of(c.signer),
              c.key.prefix(), c.key.key().owner(), c.sig.getCreationTime().toInstant(),
              c.key.file());
        }
      } catch (PGPException | RuntimeException e) {
        // a malformed signature value: not a match
      }
    }
    Candidate first = candidates.get(0);
    throw new SignatureRefusedException(SignatureRefusedException.Reason.BAD_SIGNATURE,
        source + ": the signature by key " + first.key.fingerprint() + " ("
            + first.key.key().owner() + ") does not match the image: it was changed or "
            + "damaged after it was signed");
  }

  /**
   * Prepares {@code sig} to hash with OpenSSL's SHA-2 (else the JDK's) through {@link
   * Sha2Verifiers}: Bouncy Castle's Java SHA, and the JDK's under the launcher's quick JIT,
   * take several times as long on a large image (BENCHMARKS.md, jaci verify).
   */
  private static void initFast(PGPSignature sig, PGPPublicKey signer, Sha2Verifiers verifiers)
      throws PGPException {
    sig.init(verifiers, signer);
  }

  /** The key of {@code key} that made {@code sig}, if one did (by key ID and fingerprint). */
  private static PGPPublicKey signingKey(OpenPgpKey key, PGPSignature sig) {
    PGPPublicKey k = key.ring().getPublicKey(sig.getKeyID());
    if (k == null) {
      return null;
    }
    String issuer = OpenPgpSignatures.issuer(sig);
    boolean fingerprintGiven = issuer.length() > 16;
    return !fingerprintGiven || issuer.equals(HexFormat.of().formatHex(k.getFingerprint()))
        ? k : null;
  }

  private String problem(OpenPgpKey key, PGPPublicKey signer, PGPSignature sig) {
    int type = sig.getSignatureType();
    if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      return "it is not a signature of a file (type 0x" + Integer.toHexString(type) + ")";
    }
    if (sig.getHashAlgorithm() == HashAlgorithmTags.MD5) {
      return "it uses the broken MD5 hash";
    }
    if (sig.getCreationTime().before(signer.getCreationTime())) {
      return "it claims to be older than key " + key.fingerprint() + " that made it";
    }
    long expires = sig.getHashedSubPackets() == null ? 0
        : sig.getHashedSubPackets().getSignatureExpirationTime();
    if (expires > 0 && !sig.getCreationTime().toInstant().plusSeconds(expires).isAfter(now)) {
      return "the signature by key " + key.fingerprint() + " (" + key.owner() + ") expired on "
          + sig.getCreationTime().toInstant().plusSeconds(expires);
    }
    return KeyValidity.problem(key, signer, now);
  }

  private SignatureRefusedException unknownKey(List<PGPSignature> sigs, AcIdentifier name,
      String source) {
    String issuer = OpenPgpSignatures.issuer(sigs.get(0));
    StringBuilder m = new StringBuilder(source).append(": signed by key ").append(issuer)
        .append(", which is not trusted for ").append(name);
    for (TrustedKey k : keys.all()) {
      if (signingKey(k.key(), sigs.get(0)) != null) {
        m.append(" (it is trusted for prefix ").append(k.prefix()).append(" only)");
        break;
      }
    }
    List<String> prefixes = KeyPrefix.covering(name).stream().map(KeyPrefix::toString).toList();
    m.append("; it needs a key trusted for ").append(String.join(", ", prefixes))
        .append(" or root: ").append(howToTrust(name));
    return new SignatureRefusedException(SignatureRefusedException.Reason.UNKNOWN_KEY,
        m.toString());
  }

  /**
   * What a user can do about an image named {@code name} whose signature is missing or made by
   * a key not trusted for it: the end of a one-line message, for {@code jaci fetch} too.
   */
  public static String howToTrust(AcIdentifier name) {
    return "trust the key with 'jaci trust add --prefix " + name + "' (discovers the prefix's"
        + " keys) or 'jaci trust add --prefix " + name + " KEY.asc', or skip the check with"
        + " --insecure-options=image";
  }

  private static void stream(InputStream image, List<Candidate> candidates, String source)
      throws JaciException {
    byte[] buf = new byte[1 << 20];
    try {
      for (int n = image.read(buf); n >= 0; n = image.read(buf)) {
        for (Candidate c : candidates) {
          c.sig.update(buf, 0, n);
        }
      }
    } catch (IOException e) {
      throw new JaciException(source + ": reading the image to check its signature: "
          + IoMessages.reason(e), e);
    }
  }

  private record Candidate(PGPSignature sig, TrustedKey key, PGPPublicKey signer) {}
}
