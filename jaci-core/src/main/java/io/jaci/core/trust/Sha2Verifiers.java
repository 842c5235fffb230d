package io.jaci.core.trust;

import java.io.OutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.io.SignerOutputStream;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.DSASigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.PGPContentVerifier;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilder;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyConverter;

/**
 * Signature verifiers that hash the data with {@link Sha2Digest} (OpenSSL's SHA-2, else the
 * JDK's) and check the signature value with Bouncy Castle's signers, built as Bouncy Castle's
 * own {@link BcPGPContentVerifierBuilderProvider} builds them: RSA (PKCS#1 v1.5), DSA, ECDSA
 * and EdDSA (Ed25519 signs the digest). Other key or hash algorithms get Bouncy Castle's.
 *
 * <p>Each digest holds an OpenSSL context from its first byte until a verify finishes it; one
 * that is never finished (a read error, a signature Bouncy Castle gives up on before hashing
 * ends, a second signature after the first verified) is freed by {@link #close}.
 */
final class Sha2Verifiers implements PGPContentVerifierBuilderProvider, AutoCloseable {
  private static final BcPGPContentVerifierBuilderProvider BOUNCY_CASTLE =
      new BcPGPContentVerifierBuilderProvider();

  private final Sha2Digests digests = new Sha2Digests();

  /** Frees the native context of every digest made here that is still running. */
  @Override
  public void close() {
    digests.close();
  }

  private Sha2Digest digest(int hashAlgorithm) {
    return digests.make(hashAlgorithm);
  }

  @Override
  public PGPContentVerifierBuilder get(int keyAlgorithm, int hashAlgorithm)
      throws PGPException {
    PGPContentVerifierBuilder fallback = BOUNCY_CASTLE.get(keyAlgorithm, hashAlgorithm);
    if (!Sha2Digest.supports(hashAlgorithm)) {
      return fallback;
    }
    return key -> {
      Signer signer = signer(keyAlgorithm, hashAlgorithm);
      if (signer == null) {
        return fallback.build(key);
      }
      signer.init(false, new BcPGPKeyConverter().getPublicKey(key));
      return verifier(signer, key, keyAlgorithm, hashAlgorithm);
    };
  }

  /**
   * The signer for {@code keyAlgorithm} hashing with {@code hashAlgorithm}, as Bouncy Castle's
   * {@code BcImplProvider.createSigner} makes it; null when the key algorithm is not one of
   * ours.
   */
  private Signer signer(int keyAlgorithm, int hashAlgorithm) {
    return switch (keyAlgorithm) {
      case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN ->
          new RSADigestSigner(digest(hashAlgorithm));
      case PublicKeyAlgorithmTags.DSA ->
          new DSADigestSigner(new DSASigner(), digest(hashAlgorithm));
      case PublicKeyAlgorithmTags.ECDSA ->
          new DSADigestSigner(new ECDSASigner(), digest(hashAlgorithm));
      case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519 ->
          new DigestThenSign(new Ed25519Signer(), digest(hashAlgorithm));
      default -> null;
    };
  }

  private static PGPContentVerifier verifier(Signer signer, PGPPublicKey key, int keyAlgorithm,
      int hashAlgorithm) {
    return new PGPContentVerifier() {
      @Override
      public OutputStream getOutputStream() {
        return new SignerOutputStream(signer);
      }

      @Override
      public int getHashAlgorithm() {
        return hashAlgorithm;
      }

      @Override
      public int getKeyAlgorithm() {
        return keyAlgorithm;
      }

      @Override
      public long getKeyID() {
        return key.getKeyID();
      }

      @Override
      public boolean verify(byte[] expected) {
        return signer.verifySignature(expected);
      }
    };
  }

  /** EdDSA in OpenPGP: the data is hashed, and the digest is what the key signed. */
  private static final class DigestThenSign implements Signer {
    private final Signer signer;
    private final Digest digest;

    DigestThenSign(Signer signer, Digest digest) {
      this.signer = signer;
      this.digest = digest;
    }

    @Override
    public void init(boolean forSigning, org.bouncycastle.crypto.CipherParameters params) {
      signer.init(forSigning, params);
      digest.reset();
    }

    @Override
    public void update(byte b) {
      digest.update(b);
    }

    @Override
    public void update(byte[] in, int off, int len) {
      digest.update(in, off, len);
    }

    @Override
    public byte[] generateSignature() {
      throw new UnsupportedOperationException("verification only");
    }

    @Override
    public boolean verifySignature(byte[] signature) {
      byte[] d = new byte[digest.getDigestSize()];
      digest.doFinal(d, 0);
      signer.update(d, 0, d.length);
      return signer.verifySignature(signature);
    }

    @Override
    public void reset() {
      signer.reset();
      digest.reset();
    }
  }
}
