package io.jaci.core.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * OpenPGP keys made in the test with Bouncy Castle (Ed25519: quick to make), in the shapes the
 * trust rules must tell apart: expired, revoked, with signing or signing-incapable subkeys,
 * with thousands of user IDs. The gpg-made keys of the CLI's integration tests check the same
 * rules against a second implementation.
 */
final class TestPgpKeys {
  private TestPgpKeys() {}

  /** A generated key: its secret and public rings, and the key pairs (primary first). */
  record Generated(PGPSecretKeyRing secret, PGPPublicKeyRing publicRing, List<PGPKeyPair> pairs) {
    OpenPgpKey key() {
      return OpenPgpKey.of(publicRing);
    }

    Fingerprint fingerprint() {
      return Fingerprint.of(publicRing.getPublicKey());
    }

    byte[] publicArmored() {
      return armor(publicRing::encode);
    }

    byte[] secretArmored() {
      return armor(secret::encode);
    }

    /** The private part of the primary key (0) or of subkey {@code i}. */
    PGPPrivateKey privateKey(int i) {
      return pairs.get(i).getPrivateKey();
    }

    PGPPublicKey publicKey(int i) {
      return publicRing.getPublicKey(pairs.get(i).getKeyID());
    }

    /** The same key with a revocation of its primary key by itself. */
    Generated revoked() {
      try {
        PGPSignatureGenerator g = generator(pairs.get(0));
        g.init(PGPSignature.KEY_REVOCATION, privateKey(0));
        PGPSignatureSubpacketGenerator h = new PGPSignatureSubpacketGenerator();
        h.setRevocationReason(false, (byte) 2, "compromised in a test");
        g.setHashedSubpackets(h.generate());
        PGPPublicKey primary = publicRing.getPublicKey();
        PGPSignature rev = g.generateCertification(primary);
        PGPPublicKey revoked = PGPPublicKey.addCertification(primary, rev);
        return new Generated(secret, PGPPublicKeyRing.insertPublicKey(publicRing, revoked), pairs);
      } catch (PGPException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** How to make a key. */
  static final class Spec {
    String userId = "Test Signer <signer@example.com>";
    Instant created = Instant.now().minusSeconds(60);
    Duration expiresAfter; // null: never
    int primaryFlags = KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA;
    Integer subkeyFlags; // null: no subkey
    boolean subkeyBackSignature = true;
    int extraUserIds;
    char[] passphrase;

    Spec userId(String id) {
      userId = id;
      return this;
    }

    Spec created(Instant when) {
      created = when;
      return this;
    }

    Spec expiresAfter(Duration d) {
      expiresAfter = d;
      return this;
    }

    Spec primaryFlags(int flags) {
      primaryFlags = flags;
      return this;
    }

    Spec subkey(int flags, boolean backSignature) {
      subkeyFlags = flags;
      subkeyBackSignature = backSignature;
      return this;
    }

    Spec extraUserIds(int n) {
      extraUserIds = n;
      return this;
    }

    Spec passphrase(String p) {
      passphrase = p.toCharArray();
      return this;
    }

    Generated make() {
      try {
        PGPKeyPair primary = ed25519(created);
        PGPSignatureSubpacketGenerator h = new PGPSignatureSubpacketGenerator();
        h.setKeyFlags(false, primaryFlags);
        h.setSignatureCreationTime(false, Date.from(created));
        if (expiresAfter != null) {
          h.setKeyExpirationTime(false, expiresAfter.toSeconds());
        }
        PBESecretKeyEncryptor enc = passphrase == null ? null
            : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256))
                .build(passphrase);
        PGPKeyRingGenerator gen = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION,
            primary, userId, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
            h.generate(), null, signer(primary), enc);
        List<PGPKeyPair> pairs = new ArrayList<>(List.of(primary));
        if (subkeyFlags != null) {
          PGPKeyPair sub = ed25519(created);
          PGPSignatureSubpacketGenerator sh = new PGPSignatureSubpacketGenerator();
          sh.setKeyFlags(false, subkeyFlags);
          sh.setSignatureCreationTime(false, Date.from(created));
          if (subkeyBackSignature) {
            PGPSignatureGenerator back = generator(sub);
            back.init(PGPSignature.PRIMARYKEY_BINDING, sub.getPrivateKey());
            sh.addEmbeddedSignature(false,
                back.generateCertification(primary.getPublicKey(), sub.getPublicKey()));
          }
          gen.addSubKey(sub, sh.generate(), null);
          pairs.add(sub);
        }
        PGPSecretKeyRing secret = gen.generateSecretKeyRing();
        PGPPublicKeyRing ring = gen.generatePublicKeyRing();
        if (extraUserIds > 0) {
          PGPPublicKey key = ring.getPublicKey();
          PGPSignatureGenerator g = generator(primary);
          for (int i = 0; i < extraUserIds; i++) {
            String id = "Extra " + i + " <extra" + i + "@example.com>";
            g.init(PGPSignature.POSITIVE_CERTIFICATION, primary.getPrivateKey());
            key = PGPPublicKey.addCertification(key, id, g.generateCertification(id, key));
          }
          ring = PGPPublicKeyRing.insertPublicKey(ring, key);
        }
        return new Generated(secret, ring, pairs);
      } catch (PGPException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Spec spec() {
    return new Spec();
  }

  static Generated key() {
    return spec().make();
  }

  /** A detached signature over {@code data} by key pair {@code i} of {@code key}. */
  static byte[] sign(Generated key, int i, byte[] data, boolean armored) {
    try {
      PGPSignatureGenerator g = generator(key.pairs().get(i));
      g.init(PGPSignature.BINARY_DOCUMENT, key.privateKey(i));
      PGPSignatureSubpacketGenerator h = new PGPSignatureSubpacketGenerator();
      h.setSignatureCreationTime(false, new Date());
      h.setIssuerFingerprint(false, key.pairs().get(i).getPublicKey());
      g.setHashedSubpackets(h.generate());
      g.update(data);
      PGPSignature sig = g.generate();
      return armored ? armor(sig::encode) : sig.getEncoded();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PGPKeyPair ed25519(Instant created) throws PGPException {
    Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
    g.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    return new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, g.generateKeyPair(),
        Date.from(created));
  }

  private static BcPGPContentSignerBuilder signer(PGPKeyPair pair) {
    return new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(),
        HashAlgorithmTags.SHA256);
  }

  private static PGPSignatureGenerator generator(PGPKeyPair pair) {
    return new PGPSignatureGenerator(signer(pair));
  }

  interface Encoder {
    void encode(OutputStream out) throws IOException;
  }

  static byte[] armor(Encoder e) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(b)) {
      e.encode(out);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return b.toByteArray();
  }
}
