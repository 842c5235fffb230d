package io.jaci.core.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The image's {@code /etc/passwd} and {@code /etc/group}, as they are in the final tree,
 * to resolve Docker's {@code User} ({@code user}, {@code user:group}, names or numbers) into
 * the appc app's {@code user} and {@code group}.
 */
final class UserFiles {
  static final String PASSWD = "etc/passwd";
  static final String GROUP = "etc/group";
  /** Larger files are not read for users (a real one is a few KiB). */
  static final int MAX_SIZE = 1 << 20;

  private byte[] passwd;
  private byte[] group;

  /** The user and group of the app, and what could not be resolved. */
  record Resolved(String user, String group, List<String> warnings) {}

  static boolean wants(String path) {
    return path.equals(PASSWD) || path.equals(GROUP);
  }

  void put(String path, byte[] content) {
    if (path.equals(PASSWD)) {
      passwd = content;
    } else if (path.equals(GROUP)) {
      group = content;
    }
  }

  /** Forgets {@code path}: a later layer deleted or replaced it. */
  void remove(String path) {
    put(path, null);
  }

  /**
   * Resolves Docker's {@code User}: empty means root ({@code 0}/{@code 0}); names are
   * replaced by their numbers where the image's files have them; a bare user gets its
   * primary group from {@code /etc/passwd} (root's group 0 for a number it does not list,
   * as Docker does).
   */
  Resolved resolve(String dockerUser) {
    List<String> warnings = new ArrayList<>();
    if (dockerUser == null || dockerUser.isEmpty()) {
      return new Resolved("0", "0", warnings);
    }
    int colon = dockerUser.indexOf(':');
    String u = colon < 0 ? dockerUser : dockerUser.substring(0, colon);
    String g = colon < 0 ? null : dockerUser.substring(colon + 1);
    String[] entry = find(passwd, u, 2);
    String user = u;
    if (entry != null) {
      user = entry[2];
    } else if (!isNumber(u)) {
      warnings.add("user \"" + u + "\" is not in the image's /etc/passwd; the app keeps the"
          + " name");
    }
    String groupValue;
    if (g == null || g.isEmpty()) {
      if (entry != null && entry.length > 3) {
        groupValue = entry[3];
      } else {
        groupValue = "0";
        if (!isNumber(u)) {
          warnings.add("no primary group for user \"" + u + "\"; the app runs with group 0");
        }
      }
    } else {
      String[] groupEntry = find(group, g, 2);
      groupValue = groupEntry != null ? groupEntry[2] : g;
      if (groupEntry == null && !isNumber(g)) {
        warnings.add("group \"" + g + "\" is not in the image's /etc/group; the app keeps the"
            + " name");
      }
    }
    return new Resolved(user, groupValue, warnings);
  }

  /** The line whose name (field 0), or number (field {@code idField}), is {@code key}. */
  private static String[] find(byte[] file, String key, int idField) {
    if (file == null) {
      return null;
    }
    boolean number = isNumber(key);
    for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length <= idField || line.startsWith("#")) {
        continue;
      }
      if (number ? fields[idField].equals(key) : fields[0].equals(key)) {
        return fields;
      }
    }
    return null;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
