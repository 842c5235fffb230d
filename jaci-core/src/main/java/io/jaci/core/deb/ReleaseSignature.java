package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.trust.OpenPgpSignatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks the OpenPGP signature of a repository's Release data, as apt does: a clear-signed
 * {@code InRelease} or a {@code Release} with a detached {@code Release.gpg}, against the
 * keys of some keyring files (binary {@code .gpg} or armored {@code .asc}). One good
 * signature by a key of the keyrings is enough (Debian signs with several keys). Key expiry
 * and revocation are not checked.
 */
final class ReleaseSignature {
  private final List<PGPPublicKeyRingCollection> keyrings;
  private final String keyringNames;

  private ReleaseSignature(List<PGPPublicKeyRingCollection> keyrings, String names) {
    this.keyrings = keyrings;
    this.keyringNames = names;
  }

  /** Reads the keyrings; a file that is not one is an error naming it. */
  static ReleaseSignature load(List<Path> files) throws JaciException {
    List<PGPPublicKeyRingCollection> rings = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(f))) {
        PGPPublicKeyRingCollection c =
            new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
        if (c.size() == 0) {
          throw new PGPException("no public keys in it");
        }
        rings.add(c);
      } catch (IOException | PGPException e) {
        throw new JaciException(f + ": not an OpenPGP keyring (" + e.getMessage() + ")", e);
      }
    }
    return new ReleaseSignature(rings, String.join(", ", files.stream().map(Path::toString)
        .toList()));
  }

  /**
   * Verifies a clear-signed message and returns its signed text (dash-escaping undone).
   *
   * @throws JaciException when no signature verifies with a key of the keyrings
   */
  String verifyClearSigned(byte[] message, String source) throws JaciException {
    try {
      ArmoredInputStream armored = ArmoredInputStream.builder()
          .build(new ByteArrayInputStream(message));
      List<byte[]> lines = new ArrayList<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int lookAhead = readLine(line, -1, armored);
      if (lookAhead != -1 && armored.isClearText()) {
        lines.add(line.toByteArray());
        while (lookAhead != -1 && armored.isClearText()) {
          lookAhead = readLine(line, lookAhead, armored);
          lines.add(line.toByteArray());
        }
      }
      ByteArrayOutputStream signed = new ByteArrayOutputStream();
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      for (int i = 0; i < lines.size(); i++) {
        byte[] l = lines.get(i);
        if (i > 0) {
          signed.write('\r');
          signed.write('\n');
        }
        signed.write(l, 0, withoutTrailingSpace(l));
        text.write(l, 0, withoutLineEnd(l));
        text.write('\n');
      }
      Object o = new BcPGPObjectFactory(armored).nextObject();
      if (!(o instanceof PGPSignatureList sigs)) {
        throw new JaciException(source + ": no OpenPGP signature after the signed text");
      }
      check(sigs, signed.toByteArray(), source);
      return text.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JaciException(source + ": unreadable clear-signed message (" + e.getMessage()
          + ")", e);
    }
  }

  /** Verifies a detached signature (binary or armored) over {@code data}. */
  void verifyDetached(byte[] data, byte[] signature, String source) throws JaciException {
    check(OpenPgpSignatures.parse(signature, source), data, source);
  }

  private void check(Iterable<PGPSignature> sigs, byte[] data, String source) throws JaciException {
    List<String> keys = new ArrayList<>();
    for (PGPSignature sig : sigs) {
      keys.add(String.format("%016X", sig.getKeyID()));
      PGPPublicKey key = find(sig.getKeyID());
      if (key == null) {
        continue;
      }
      try {
        sig.init(new BcPGPContentVerifierBuilderProvider(), key);
        sig.update(data);
        if (sig.verify()) {
          return;
        }
      } catch (PGPException e) {
        // a signature this key cannot check: try the next one
      }
    }
    throw new JaciException(source + ": no valid OpenPGP signature by a key of " + keyringNames
        + " (signed by " + String.join(", ", keys) + "; the file was changed, or give the "
        + "repository's key with --keyring, or --allow-unsigned)");
  }

  private PGPPublicKey find(long keyId) {
    for (PGPPublicKeyRingCollection c : keyrings) {
      PGPPublicKey k = c.getPublicKey(keyId);
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  private static int readLine(ByteArrayOutputStream out, int lookAhead, InputStream in)
      throws IOException {
    out.reset();
    int ch = lookAhead >= 0 ? lookAhead : in.read();
    while (ch >= 0) {
      out.write(ch);
      if (ch == '\r' || ch == '\n') {
        int next = in.read();
        if (ch == '\r' && next == '\n') {
          out.write(next);
          next = in.read();
        }
        return next;
      }
      ch = in.read();
    }
    return -1;
  }

  /** RFC 4880 7.1: trailing spaces and tabs (and the line end) are not signed. */
  private static int withoutTrailingSpace(byte[] line) {
    int end = line.length;
    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'
        || line[end - 1] == '\n')) {
      end--;
    }
    return end;
  }

  private static int withoutLineEnd(byte[] line) {
    int end = line.length;
    while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n')) {
      end--;
    }
    return end;
  }
}
