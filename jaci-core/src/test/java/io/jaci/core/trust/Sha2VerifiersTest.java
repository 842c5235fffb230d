package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.DSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.DSAParametersGenerator;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.DSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.DSAParameterGenerationParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifiers that hash through OpenSSL (jaci verify's speed) agree with Bouncy Castle's own
 * on every key algorithm they take, with SHA-256 and SHA-512 and a hash they pass on (SHA-384):
 * signatures made by Bouncy Castle verify, and fail after one changed byte.
 */
class Sha2VerifiersTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static Stream<Arguments> keysAndHashes() throws Exception {
    Stream.Builder<Arguments> b = Stream.builder();
    for (String key : new String[] {"rsa", "dsa", "ecdsa", "eddsa"}) {
      for (int hash : new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512,
          HashAlgorithmTags.SHA384}) {
        b.add(Arguments.of(key, hash));
      }
    }
    return b.build();
  }

  static PGPKeyPair pair(String kind) throws Exception {
    Date now = new Date();
    switch (kind) {
      case "rsa" -> {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, 2048, 80));
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair(), now);
      }
      case "dsa" -> {
        DSAParametersGenerator pg = new DSAParametersGenerator(
            new org.bouncycastle.crypto.digests.SHA256Digest());
        pg.init(new DSAParameterGenerationParameters(2048, 256, 80, RANDOM));
        DSAKeyPairGenerator g = new DSAKeyPairGenerator();
        g.init(new DSAKeyGenerationParameters(RANDOM, pg.generateParameters()));
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.DSA, g.generateKeyPair(), now);
      }
      case "ecdsa" -> {
        X9ECParameters curve = ECNamedCurveTable.getByName("P-256");
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(
            SECObjectIdentifiers.secp256r1, curve), RANDOM));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDSA, kp, now);
      }
      default -> {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(RANDOM));
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, g.generateKeyPair(), now);
      }
    }
  }

  private static boolean verify(PGPSignature sig, PGPKeyPair pair, byte[] data,
      boolean ours) throws Exception {
    sig.init(ours ? new Sha2Verifiers() : new BcPGPContentVerifierBuilderProvider(),
        pair.getPublicKey());
    // in pieces, as SignatureCheck streams an image
    sig.update(data, 0, 7);
    sig.update(data, 7, data.length - 7);
    return sig.verify();
  }

  @ParameterizedTest(name = "{0} with hash {1}")
  @MethodSource("keysAndHashes")
  void agreesWithBouncyCastle_onGoodAndChangedData(String kind, int hash) throws Exception {
    PGPKeyPair pair = pair(kind);
    byte[] data = new byte[100_000];
    RANDOM.nextBytes(data);
    PGPSignatureGenerator gen = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
        pair.getPublicKey().getAlgorithm(), hash));
    gen.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
    gen.update(data);
    byte[] encoded = gen.generate().getEncoded();

    assertThat(verify(parse(encoded), pair, data, true)).isTrue();
    assertThat(verify(parse(encoded), pair, data, false)).isTrue();
    data[54_321] ^= 1;
    assertThat(verify(parse(encoded), pair, data, true)).isFalse();
    assertThat(verify(parse(encoded), pair, data, false)).isFalse();
  }

  private static PGPSignature parse(byte[] encoded) throws Exception {
    return OpenPgpSignatures.parse(encoded, "test").get(0);
  }
}
