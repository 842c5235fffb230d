package io.jaci.core.trust;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.IoMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * A secret key ready to sign images: read from a key file ({@code gpg --export-secret-keys},
 * armored or binary), unlocked with its passphrase. Of the keys in the file it takes the
 * newest subkey that may sign now, else the primary key, as gpg does.
 */
public final class SigningKey {
  private final OpenPgpKey key;
  private final PGPPublicKey signer;
  private final PGPPrivateKey privateKey;

  private SigningKey(OpenPgpKey key, PGPPublicKey signer, PGPPrivateKey privateKey) {
    this.key = key;
    this.signer = signer;
    this.privateKey = privateKey;
  }

  /**
   * Reads and unlocks the signing key of a secret key file.
   *
   * @param passphrase the key's passphrase, or null when none was given
   * @throws JaciException in one line naming {@code source}: not a secret key, no key that
   *     may sign, a passphrase needed or wrong
   */
  public static SigningKey load(byte[] bytes, String source, char[] passphrase)
      throws JaciException {
    if (bytes.length > OpenPgpKey.MAX_KEY_FILE_BYTES) {
      throw new JaciException(source + ": over "
          + BoundedBytes.describe(OpenPgpKey.MAX_KEY_FILE_BYTES) + ", not an OpenPGP key");
    }
    PGPSecretKeyRing ring;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      PGPSecretKeyRingCollection rings =
          new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
      if (rings.size() == 0) {
        throw new PGPException("no secret key in it");
      }
      if (rings.size() != 1) {
        throw new JaciException(source + ": holds " + rings.size() + " secret keys; export the "
            + "one to sign with (gpg --export-secret-keys --armor ID)");
      }
      ring = rings.getKeyRings().next();
    } catch (IOException | PGPException | RuntimeException e) {
      // a JaciException (several keys) passes on as it is
      String why = OpenPgpKey.reason(e).contains("PGPPublicKeyRing found")
          ? "it holds a public key" : OpenPgpKey.reason(e);
      throw new JaciException(source + ": not an OpenPGP secret key (" + why
          + "); export one with gpg --export-secret-keys --armor ID", e);
    }
    List<PGPPublicKey> publicKeys = new ArrayList<>();
    ring.getPublicKeys().forEachRemaining(publicKeys::add);
    OpenPgpKey key = OpenPgpKey.of(new PGPPublicKeyRing(publicKeys));
    PGPSecretKey chosen = choose(ring, key, source);
    return new SigningKey(key, chosen.getPublicKey(), unlock(chosen, key, passphrase, source));
  }

  /** The newest subkey that may sign, else the primary key. */
  private static PGPSecretKey choose(PGPSecretKeyRing ring, OpenPgpKey key, String source)
      throws JaciException {
    List<PGPSecretKey> keys = new ArrayList<>();
    ring.getSecretKeys().forEachRemaining(keys::add);
    keys.sort(Comparator.comparing((PGPSecretKey k) -> k.isMasterKey())
        .thenComparing(k -> k.getPublicKey().getCreationTime(), Comparator.reverseOrder()));
    String firstProblem = null;
    for (PGPSecretKey k : keys) {
      if (k.isPrivateKeyEmpty()) {
        continue; // a stub: gpg kept the secret elsewhere
      }
      String problem = KeyValidity.problem(key, k.getPublicKey(), Instant.now());
      if (problem == null) {
        return k;
      }
      if (firstProblem == null || k.isMasterKey()) {
        firstProblem = problem;
      }
    }
    throw new JaciException(source + ": no key in it may sign"
        + (firstProblem != null ? ": " + firstProblem : " (only stubs without secret parts)"));
  }

  private static PGPPrivateKey unlock(PGPSecretKey secret, OpenPgpKey key, char[] passphrase,
      String source) throws JaciException {
    boolean locked = secret.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
    if (locked && passphrase == null) {
      throw new JaciException(source + ": key " + key.fingerprint() + " is protected by a "
          + "passphrase: give it with --passphrase-file FILE");
    }
    try {
      return secret.extractPrivateKey(locked ? new BcPBESecretKeyDecryptorBuilder(
          new BcPGPDigestCalculatorProvider()).build(passphrase) : null);
    } catch (PGPException | RuntimeException e) {
      throw new JaciException(source + ": wrong passphrase for key " + key.fingerprint()
          + " (or a damaged key)", e);
    }
  }

  /** The key (with the primary key's fingerprint) whose secret this is. */
  public OpenPgpKey key() {
    return key;
  }

  /** The fingerprint of the key that signs: the primary key or a subkey. */
  public Fingerprint signingFingerprint() {
    return Fingerprint.of(signer);
  }

  /** An armored detached signature over all of {@code data}, streamed. */
  public byte[] sign(InputStream data) throws IOException {
    int algorithm = signer.getAlgorithm();
    PGPSignature sig;
    // null when Bouncy Castle hashes; closed, it frees the OpenSSL context of a digest a read
    // error left running
    try (Sha2Signer sha2 = Sha2Signer.supports(algorithm, HashAlgorithmTags.SHA512)
        ? new Sha2Signer(algorithm, HashAlgorithmTags.SHA512) : null) {
      PGPSignatureGenerator gen = generator(algorithm, sha2);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, signer);
      gen.setHashedSubpackets(hashed.generate());
      byte[] buf = new byte[1 << 16];
      for (int n = data.read(buf); n >= 0; n = data.read(buf)) {
        gen.update(buf, 0, n);
      }
      sig = gen.generate();
    } catch (PGPException e) {
      throw new IOException("signing with key " + signingFingerprint() + ": "
          + OpenPgpKey.reason(e), e);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = ArmoredOutputStream.builder().clearHeaders().build(b)) {
      sig.encode(out);
    }
    return b.toByteArray();
  }

  /**
   * A generator hashing once through OpenSSL ({@code sha2}: RSA and EdDSA keys), else (null)
   * Bouncy Castle's.
   */
  private PGPSignatureGenerator generator(int algorithm, Sha2Signer sha2) throws PGPException {
    PGPSignatureGenerator gen = new PGPSignatureGenerator(sha2 != null ? sha2
        : new BcPGPContentSignerBuilder(algorithm, HashAlgorithmTags.SHA512));
    gen.init(PGPSignature.BINARY_DOCUMENT, privateKey);
    return gen;
  }

  /**
   * Signs the file {@code image}, writing the armored signature to {@code output} (all or
   * nothing).
   */
  public void sign(Path image, Path output, boolean overwrite) throws JaciException {
    try (AtomicOutputFile out = AtomicOutputFile.create(output, overwrite)) {
      byte[] signature;
      try (InputStream in = Files.newInputStream(image)) {
        signature = sign(in);
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(image, e), e);
      }
      out.stream().write(signature);
      out.commit();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    }
  }
}
