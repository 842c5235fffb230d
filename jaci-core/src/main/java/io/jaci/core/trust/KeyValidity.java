package io.jaci.core.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Whether a key of a trusted key may sign data now, as gpg decides: the primary key is not
 * revoked and not expired (by its newest valid self-signature), and a signing subkey is bound
 * to it by a valid binding signature that allows signing (key flag 0x02, with the subkey's
 * back-signature), and is neither revoked nor expired. Only signatures that verify count: a
 * revocation or a binding someone appended without the key's secret changes nothing.
 */
final class KeyValidity {
  private static final BcPGPContentVerifierBuilderProvider VERIFIERS =
      new BcPGPContentVerifierBuilderProvider();

  private KeyValidity() {}

  /**
   * Null when {@code signer} (the primary key of {@code key} or one of its subkeys) may sign
   * at {@code now}, else why not, naming the key.
   */
  static String problem(OpenPgpKey key, PGPPublicKey signer, Instant now) {
    PGPPublicKey primary = key.primary();
    String name = "key " + key.fingerprint() + " (" + key.owner() + ")";
    String revoked = revocation(primary, PGPSignature.KEY_REVOCATION, primary, null);
    if (revoked != null) {
      return name + " is revoked" + revoked;
    }
    SelfSignature newest = newestValid(selfSignatures(primary), SelfSignature::sig,
        s -> s.verify(primary));
    if (newest == null) {
      return name + " has no valid self-signature (a broken or stripped key)";
    }
    PGPSignature self = newest.sig();
    String expired = expiry(primary, self.getHashedSubPackets(), now);
    if (expired != null) {
      return name + expired;
    }
    if (signer.getKeyID() == primary.getKeyID()) {
      return allowsSigning(self) ? null : name + " is not valid for signing (its key flags)";
    }
    String sub = "subkey " + Fingerprint.of(signer) + " of " + name;
    String subRevoked = revocation(signer, PGPSignature.SUBKEY_REVOCATION, primary, signer);
    if (subRevoked != null) {
      return sub + " is revoked" + subRevoked;
    }
    List<PGPSignature> bindings = new ArrayList<>();
    signer.getSignaturesOfType(PGPSignature.SUBKEY_BINDING).forEachRemaining(bindings::add);
    PGPSignature binding = newestValid(bindings, s -> s, s -> s.getKeyID() == primary.getKeyID()
        && certifies(s, primary, primary, signer));
    if (binding == null) {
      return sub + " is not bound to it by a valid signature";
    }
    if (!allowsSigning(binding)) {
      return sub + " is not valid for signing (its key flags)";
    }
    if (!backSigned(binding, primary, signer)) {
      return sub + " is not valid for signing (no valid back-signature by the subkey)";
    }
    String subExpired = expiry(signer, binding.getHashedSubPackets(), now);
    return subExpired == null ? null : sub + subExpired;
  }

  /** {@code " (reason)"} or {@code ""} when a valid revocation of {@code key} exists. */
  private static String revocation(PGPPublicKey key, int type, PGPPublicKey primary,
      PGPPublicKey subkey) {
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      PGPSignature s = it.next();
      if (s.getKeyID() != primary.getKeyID()) {
        continue; // by a designated revoker: not followed
      }
      boolean valid = subkey == null ? certifies(s, primary, primary, null)
          : certifies(s, primary, primary, subkey);
      if (valid) {
        RevocationReason r = s.getHashedSubPackets() == null ? null
            : s.getHashedSubPackets().getRevocationReason();
        return r == null || r.getRevocationDescription().isBlank() ? ""
            : ": " + OpenPgpKey.printable(r.getRevocationDescription().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return null;
  }

  private static String expiry(PGPPublicKey key, PGPSignatureSubpacketVector hashed,
      Instant now) {
    long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
    if (seconds <= 0) {
      return null;
    }
    Instant end = key.getCreationTime().toInstant().plusSeconds(seconds);
    return end.isAfter(now) ? null : " expired on " + end;
  }

  private static boolean allowsSigning(PGPSignature selfOrBinding) {
    PGPSignatureSubpacketVector hashed = selfOrBinding.getHashedSubPackets();
    if (hashed == null || !hashed.hasSubpacket(
        org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)) {
      // no flags: any use (old keys); a subkey without flags is usually for encryption, but
      // its back-signature (required below) shows it was made to sign
      return true;
    }
    return (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != 0;
  }

  private static boolean backSigned(PGPSignature binding, PGPPublicKey primary,
      PGPPublicKey subkey) {
    for (PGPSignatureSubpacketVector v : new PGPSignatureSubpacketVector[] {
        binding.getHashedSubPackets(), binding.getUnhashedSubPackets()}) {
      if (v == null) {
        continue;
      }
      try {
        PGPSignatureList embedded = v.getEmbeddedSignatures();
        for (PGPSignature back : embedded) {
          if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
              && certifies(back, subkey, primary, subkey)) {
            return true;
          }
        }
      } catch (PGPException | RuntimeException e) {
        // a malformed embedded signature counts as none
      }
    }
    return false;
  }

  /** A certification the primary key made itself, of a user ID or (id null) of the key. */
  private record SelfSignature(PGPSignature sig, byte[] userId) {
    boolean verify(PGPPublicKey primary) {
      try {
        sig.init(VERIFIERS, primary);
        return userId == null ? sig.verifyCertification(primary)
            : sig.verifyCertification(userId, primary);
      } catch (PGPException | RuntimeException e) {
        return false;
      }
    }
  }

  /** The user ID certifications and direct-key signatures the primary key made itself. */
  private static List<SelfSignature> selfSignatures(PGPPublicKey primary) {
    List<SelfSignature> sigs = new ArrayList<>();
    for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
      byte[] id = ids.next();
      for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it.hasNext(); ) {
        PGPSignature s = it.next();
        int t = s.getSignatureType();
        if (s.getKeyID() == primary.getKeyID() && (t == PGPSignature.DEFAULT_CERTIFICATION
            || t == PGPSignature.NO_CERTIFICATION || t == PGPSignature.CASUAL_CERTIFICATION
            || t == PGPSignature.POSITIVE_CERTIFICATION)) {
          sigs.add(new SelfSignature(s, id));
        }
      }
    }
    primary.getSignaturesOfType(PGPSignature.DIRECT_KEY).forEachRemaining(s -> {
      if (s.getKeyID() == primary.getKeyID()) {
        sigs.add(new SelfSignature(s, null));
      }
    });
    return sigs;
  }

  /** The newest of {@code sigs} that {@code valid} accepts, checking newest first. */
  private static <T> T newestValid(List<T> sigs, Function<T, PGPSignature> sig,
      Predicate<T> valid) {
    List<T> sorted = new ArrayList<>(sigs);
    sorted.sort(Comparator.comparing((T t) -> sig.apply(t).getCreationTime()).reversed());
    for (T s : sorted) {
      if (valid.test(s)) {
        return s;
      }
    }
    return null;
  }

  /** Whether {@code s}, made by {@code by}, certifies {@code primary} (and {@code subkey}). */
  private static boolean certifies(PGPSignature s, PGPPublicKey by, PGPPublicKey primary,
      PGPPublicKey subkey) {
    try {
      s.init(VERIFIERS, by);
      return subkey == null ? s.verifyCertification(primary)
          : s.verifyCertification(primary, subkey);
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }
}
