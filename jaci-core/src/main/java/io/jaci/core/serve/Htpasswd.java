package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The users of an htpasswd file ({@code user:hash} a line) with bcrypt ({@code $2y$}, {@code
 * $2a$}, {@code $2b$}: {@code htpasswd -B}) or SHA-1 ({@code {SHA}}: {@code htpasswd -s})
 * passwords. Other schemes (MD5 {@code $apr1$}, crypt) are refused when the file is read.
 */
public final class Htpasswd {
  private static final int MAX_FILE = 1 << 20;

  private final Map<String, String> hashes;

  private Htpasswd(Map<String, String> hashes) {
    this.hashes = hashes;
  }

  /**
   * Reads {@code file}.
   *
   * @throws JaciException naming the file, line and user when a line is malformed or uses a
   *     scheme this server does not check
   */
  public static Htpasswd read(Path file) throws JaciException {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new JaciException("users file " + file + " is over 1 MiB: is it an htpasswd file?");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
    Map<String, String> hashes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String where = "users file " + file + " line " + (i + 1);
      if (colon <= 0) {
        throw new JaciException(where + ": expected USER:HASH (made with htpasswd -B)");
      }
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      if (!isBcrypt(hash) && !hash.startsWith("{SHA}")) {
        throw new JaciException(where + ": the password of " + "\"" + ShortText.cut(user, 64) + "\""
            + " uses a scheme jaci does not check (" + scheme(hash) + "); make it with"
            + " htpasswd -B (bcrypt) or htpasswd -s (SHA-1)");
      }
      hashes.put(user, hash);
    }
    return new Htpasswd(hashes);
  }

  private static boolean isBcrypt(String hash) {
    return hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  }

  private static String scheme(String hash) {
    if (hash.startsWith("$apr1$")) {
      return "MD5 $apr1$";
    }
    if (hash.startsWith("$")) {
      int end = hash.indexOf('$', 1);
      return end > 0 ? "$" + hash.substring(1, end) + "$" : "unknown";
    }
    return hash.length() == 13 ? "crypt" : "unknown or plain text";
  }

  /** True when {@code user} exists and {@code password} is theirs. */
  public boolean check(String user, String password) {
    String hash = hashes.get(user);
    if (hash == null) {
      return false;
    }
    if (hash.startsWith("{SHA}")) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1")
            .digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] expected = hash.substring(5).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(Base64.getEncoder().encode(digest), expected);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
