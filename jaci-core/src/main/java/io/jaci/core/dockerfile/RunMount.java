package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code RUN --mount=...}, checked as BuildKit checks it: {@code type=cache|bind|tmpfs|
 * secret|ssh} and the keys that type takes. Values are as written until the builder expands
 * the flag ({@link StepExpander}) and parses it again.
 *
 * @param type the mount type ({@code bind} when not given)
 * @param target where it is mounted; for a secret, null means {@code /run/secrets/ID}
 * @param source the path in the context or stage ({@code bind}, {@code cache}), or null
 * @param from the stage or image a {@code bind}/{@code cache} mount reads from, or null
 * @param id the cache or secret id, or null (a cache's id is then its target)
 * @param sharing for a cache: {@code shared} (the default), {@code private} or {@code locked}
 * @param readOnly true when read-only ({@code bind} and {@code secret} are by default)
 * @param required for a secret or ssh mount: fail when not provided
 * @param size for tmpfs, the size as written ({@code 64m}), or null
 * @param mode the file mode for cache/secret/ssh (0 to 07777), or null; for a cache, that of
 *     its directory when it is first made (default 0755)
 * @param uid the owner for cache/secret/ssh (0 to 2^32-1), or null; for a cache, its
 *     directory's when first made (default 0)
 * @param gid the group likewise (default 0)
 * @param env for a secret: also expose it as this environment variable, or null
 * @param raw the flag value as written
 */
public record RunMount(Type type, String target, String source, String from, String id,
    Sharing sharing, boolean readOnly, boolean required, String size, Integer mode, Long uid,
    Long gid, String env, String raw) {

  /** The mount types. */
  public enum Type { BIND, CACHE, TMPFS, SECRET, SSH }

  /** How concurrent builds share a cache mount. */
  public enum Sharing { SHARED, PRIVATE, LOCKED }

  static final List<String> KEYS = List.of("type", "from", "source", "src", "target", "dst",
      "destination", "readonly", "ro", "readwrite", "rw", "required", "size", "id", "sharing",
      "mode", "uid", "gid", "env");

  /**
   * Parses a {@code --mount} value ({@code type=cache,target=/root/.cache,sharing=locked}).
   *
   * @throws DockerfileException (without line) naming the bad key or value
   */
  public static RunMount parse(String value) throws DockerfileException {
    List<String> fields = csvFields(value);
    Type type = Type.BIND;
    for (String f : fields) {
      String k = keyOf(f);
      if (k.equals("type")) {
        String v = valueOf(f).toLowerCase(Locale.ROOT);
        type = switch (v) {
          case "bind" -> Type.BIND;
          case "cache" -> Type.CACHE;
          case "tmpfs" -> Type.TMPFS;
          case "secret" -> Type.SECRET;
          case "ssh" -> Type.SSH;
          default -> throw new DockerfileException(0, "unsupported mount type \"" + valueOf(f)
              + "\"" + Suggest.didYouMean(v, List.of("bind", "cache", "tmpfs", "secret", "ssh")));
        };
      }
    }
    MountBuilder b = new MountBuilder(type);
    for (String f : fields) {
      b.set(keyOf(f), f.contains("=") ? valueOf(f) : null, f);
    }
    return b.build(value);
  }

  private static String keyOf(String field) {
    int eq = field.indexOf('=');
    return (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
  }

  private static String valueOf(String field) {
    int eq = field.indexOf('=');
    return eq < 0 ? "" : field.substring(eq + 1);
  }

  /** Comma-separated fields; a field may be double-quoted to hold commas ({@code "a,b"}). */
  static List<String> csvFields(String value) throws DockerfileException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new DockerfileException(0, "unterminated quote in --mount=" + value);
    }
    out.add(cur.toString());
    out.removeIf(String::isEmpty);
    return out;
  }
}
