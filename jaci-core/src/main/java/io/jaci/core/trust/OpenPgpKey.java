package io.jaci.core.trust;

import io.jaci.core.JaciException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * An OpenPGP public key (a primary key with its user IDs and subkeys), as read from a key
 * file: armored or binary.
 */
public final class OpenPgpKey {
  /** The largest key file read: real keys with many signatures stay far below. */
  public static final int MAX_KEY_FILE_BYTES = 4 << 20;
  /** How many user IDs {@link #userIds()} gives; a key may carry thousands. */
  static final int SHOWN_USER_IDS = 5;

  private final PGPPublicKeyRing ring;
  private final Fingerprint fingerprint;
  private final List<String> userIds;
  private final int userIdCount;

  private OpenPgpKey(PGPPublicKeyRing ring) {
    this.ring = ring;
    this.fingerprint = Fingerprint.of(ring.getPublicKey());
    List<String> ids = new ArrayList<>();
    int count = 0;
    for (Iterator<byte[]> it = ring.getPublicKey().getRawUserIDs(); it.hasNext(); count++) {
      byte[] raw = it.next();
      if (ids.size() < SHOWN_USER_IDS) {
        ids.add(printable(raw));
      }
    }
    this.userIds = List.copyOf(ids);
    this.userIdCount = count;
  }

  /** The key of a key ring read elsewhere (a secret key's public part). */
  static OpenPgpKey of(PGPPublicKeyRing ring) {
    return new OpenPgpKey(ring);
  }

  /**
   * The public keys in {@code bytes} (an armored or binary key file, one key or several).
   *
   * @throws JaciException naming {@code source} when it is not a public key file
   */
  public static List<OpenPgpKey> parse(byte[] bytes, String source) throws JaciException {
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      throw new JaciException(source + ": over " + BoundedBytes.describe(MAX_KEY_FILE_BYTES)
          + ", not an OpenPGP public key");
    }
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      PGPPublicKeyRingCollection rings =
          new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
      List<OpenPgpKey> keys = new ArrayList<>();
      for (PGPPublicKeyRing r : rings) {
        keys.add(new OpenPgpKey(r));
      }
      if (keys.isEmpty()) {
        throw new JaciException(source + ": no OpenPGP public key in it");
      }
      return keys;
    } catch (IOException | PGPException | RuntimeException e) {
      // Bouncy Castle reports some malformed packets as runtime exceptions
      throw new JaciException(source + ": not an OpenPGP public key (" + reason(e) + ")", e);
    }
  }

  /** Reads at most {@link #MAX_KEY_FILE_BYTES} of {@code in} and parses them. */
  public static List<OpenPgpKey> read(InputStream in, String source) throws JaciException {
    try {
      return parse(BoundedBytes.read(in, MAX_KEY_FILE_BYTES, "an OpenPGP public key"), source);
    } catch (IOException e) {
      throw new JaciException(source + ": " + e.getMessage(), e);
    }
  }

  /** The primary key's fingerprint. */
  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** The first few user IDs, control characters replaced, each at most 200 characters. */
  public List<String> userIds() {
    return userIds;
  }

  /** How many user IDs the key has in all. */
  public int userIdCount() {
    return userIdCount;
  }

  /** The first user ID, or the key ID when there is none: who signed, for messages. */
  public String owner() {
    return userIds.isEmpty() ? "key " + fingerprint.keyId() : userIds.get(0);
  }

  /**
   * Why no key of this key (the primary key or a subkey) may sign at {@code now} (expired,
   * revoked, no signing key), or empty when one may.
   */
  public java.util.Optional<String> signingProblem(java.time.Instant now) {
    String primaryProblem = null;
    for (PGPPublicKey k : ring) {
      String p = KeyValidity.problem(this, k, now);
      if (p == null) {
        return java.util.Optional.empty();
      }
      if (primaryProblem == null) {
        primaryProblem = p;
      }
    }
    return java.util.Optional.ofNullable(primaryProblem);
  }

  /** The key as an armored public key block. */
  public byte[] armored() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(b)) {
      ring.encode(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("encoding a key in memory", e);
    }
    return b.toByteArray();
  }

  PGPPublicKeyRing ring() {
    return ring;
  }

  PGPPublicKey primary() {
    return ring.getPublicKey();
  }

  static String reason(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** A user ID for a terminal: no control characters (no escape sequences), bounded. */
  static String printable(byte[] raw) {
    String s = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT ? '?' : c));
    return s.codePointCount(0, s.length()) > 200 ? b + "…" : b.toString();
  }

  @Override
  public String toString() {
    return fingerprint + " " + owner();
  }
}
