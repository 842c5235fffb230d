package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jaci sign's signer that hashes once through OpenSSL makes signatures that Bouncy Castle's
 * own verifier accepts (and refuses after one changed byte), for RSA and EdDSA keys with
 * SHA-512 (what jaci sign uses) and SHA-256, and leave no OpenSSL hash context live. gpg
 * checks them too: TrustGpgIT.
 */
class Sha2SignerTest {
  @ParameterizedTest(name = "{0} with hash {1}")
  @CsvSource({"rsa, 10", "rsa, 8", "eddsa, 10", "eddsa, 8"})
  void itsSignaturesVerifyInBouncyCastle(String kind, int hash) throws Exception {
    PGPKeyPair pair = Sha2VerifiersTest.pair(kind);
    int running = Sha2Digest.running();
    byte[] data = new byte[300_000];
    new SecureRandom().nextBytes(data);
    PGPSignatureGenerator gen = new PGPSignatureGenerator(new Sha2Signer(
        pair.getPublicKey().getAlgorithm(), hash));
    gen.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, new Date());
    gen.setHashedSubpackets(hashed.generate());
    gen.update(data, 0, 1000);
    gen.update(data, 1000, data.length - 1000);
    byte[] encoded = gen.generate().getEncoded();
    // its OpenSSL hash context is freed once the signature is made (SigningKeyTest: on errors)
    assertThat(Sha2Digest.running()).as("live hash contexts").isEqualTo(running);

    assertThat(verify(encoded, pair, data)).isTrue();
    data[123_456] ^= 1;
    assertThat(verify(encoded, pair, data)).isFalse();
  }

  private static boolean verify(byte[] encoded, PGPKeyPair pair, byte[] data) throws Exception {
    PGPSignature sig = OpenPgpSignatures.parse(encoded, "test").get(0);
    assertThat(sig.getHashAlgorithm()).isIn(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512);
    sig.init(new BcPGPContentVerifierBuilderProvider(), pair.getPublicKey());
    sig.update(data);
    return sig.verify();
  }
}
