package io.jaci.core.run;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key behind a pod's identity endpoint ({@code /pod/hmac/sign} and {@code verify}):
 * HMAC-SHA512 over the content, encoded in base64 as the spec asks. The key never leaves the
 * executor.
 */
public final class PodHmacKey {
  private static final String ALGORITHM = "HmacSHA512";
  private static final int KEY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private PodHmacKey(byte[] key) {
    this.key = key;
  }

  /** A new random 512-bit key. */
  public static PodHmacKey generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return new PodHmacKey(key);
  }

  /** The base64 HMAC-SHA512 of {@code content} (UTF-8). */
  public String sign(String content) {
    return Base64.getEncoder().encodeToString(mac(content));
  }

  /** True if {@code signature} (base64) is this key's signature of {@code content}. */
  public boolean verifies(String content, String signature) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(content), given);
  }

  private byte[] mac(String content) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("this JDK cannot compute " + ALGORITHM, e);
    }
  }
}
