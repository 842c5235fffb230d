package io.jaci.core.dockerfile;

import io.jaci.core.dockerfile.RunMount.Sharing;
import io.jaci.core.dockerfile.RunMount.Type;
import java.util.List;
import java.util.Locale;

/** Collects the keys of one {@code --mount} and checks them against its type, as BuildKit does. */
final class MountBuilder {
  private final Type type;
  private String target;
  private String source;
  private String from;
  private String id;
  private Sharing sharing;
  private boolean readOnly;
  private boolean required;
  private String size;
  private Integer mode;
  private Long uid;
  private Long gid;
  private String env;

  MountBuilder(Type type) {
    this.type = type;
    this.readOnly = type == Type.BIND || type == Type.SECRET || type == Type.SSH;
  }

  void set(String key, String value, String field) throws DockerfileException {
    if (value == null) {
      switch (key) {
        case "readonly", "ro" -> readOnly = true;
        case "readwrite", "rw" -> readOnly = false;
        case "required" -> required = requireSecret(key);
        default -> throw new DockerfileException(0, "--mount key \"" + key
            + "\" needs a value (" + field + ")" + Suggest.didYouMean(key, RunMount.KEYS));
      }
      return;
    }
    switch (key) {
      case "type" -> { }
      case "from" -> from = value;
      case "source", "src" -> source = value;
      case "target", "dst", "destination" -> target = value;
      case "readonly", "ro" -> readOnly = bool(key, value);
      case "readwrite", "rw" -> readOnly = !bool(key, value);
      case "required" -> required = requireSecret(key) && bool(key, value);
      case "size" -> {
        if (type != Type.TMPFS) {
          throw unexpected(key);
        }
        size = value;
      }
      case "id" -> id = value;
      case "sharing" -> sharing = switch (value.toLowerCase(Locale.ROOT)) {
        case "shared" -> Sharing.SHARED;
        case "private" -> Sharing.PRIVATE;
        case "locked" -> Sharing.LOCKED;
        default -> throw new DockerfileException(0, "unsupported sharing value \"" + value
            + "\"" + Suggest.didYouMean(value, List.of("shared", "private", "locked")));
      };
      case "mode" -> mode = (int) number(key, value, 8, 07777);
      case "uid" -> uid = number(key, value, 10, 0xffff_ffffL);
      case "gid" -> gid = number(key, value, 10, 0xffff_ffffL);
      case "env" -> env = value;
      default -> throw new DockerfileException(0, "unexpected --mount key \"" + key + "\""
          + Suggest.didYouMean(key, RunMount.KEYS));
    }
  }

  RunMount build(String raw) throws DockerfileException {
    boolean fileInfo = type == Type.SECRET || type == Type.SSH || type == Type.CACHE;
    if (!fileInfo && (mode != null || uid != null || gid != null)) {
      throw new DockerfileException(0, (mode != null ? "mode" : uid != null ? "uid" : "gid")
          + " not allowed for \"" + name() + "\" type mounts");
    }
    if (target == null && type != Type.SECRET && type != Type.SSH) {
      throw new DockerfileException(0, "--mount=" + raw + " has no target (add target=PATH)");
    }
    if (sharing != null && type != Type.CACHE) {
      throw new DockerfileException(0, "sharing is only for cache mounts, not " + name());
    }
    if (type == Type.SECRET && id == null && target == null) {
      throw new DockerfileException(0, "secret --mount=" + raw + " needs an id or a target");
    }
    if (type == Type.SECRET && id == null) {
      id = target.substring(target.lastIndexOf('/') + 1);
    }
    if (type == Type.CACHE && sharing == null) {
      sharing = Sharing.SHARED;
    }
    return new RunMount(type, target, source, from, id, sharing, readOnly, required, size, mode,
        uid, gid, env, raw);
  }

  private boolean requireSecret(String key) throws DockerfileException {
    if (type != Type.SECRET && type != Type.SSH) {
      throw unexpected(key);
    }
    return true;
  }

  private DockerfileException unexpected(String key) {
    return new DockerfileException(0, "unexpected key \"" + key + "\" for mount type \""
        + name() + "\"");
  }

  private String name() {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static boolean bool(String key, String value) throws DockerfileException {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default -> throw new DockerfileException(0, "invalid value \"" + value + "\" for --mount "
          + key + " (true or false)");
    };
  }

  /**
   * An unsigned number of {@code radix} up to {@code max}, as BuildKit's {@code ParseUint}
   * reads it (digits only: no sign); a mode above 07777 is refused (BuildKit passes such bits
   * on, which mean nothing for a directory).
   */
  private static long number(String key, String value, int radix, long max)
      throws DockerfileException {
    boolean digits = !value.isEmpty() && value.length() <= 18 // fits a long
        && value.chars().allMatch(c -> c >= '0' && c < '0' + radix);
    long n = digits ? Long.parseLong(value, radix) : -1;
    if (n < 0 || n > max) {
      throw new DockerfileException(0, "invalid --mount " + key + " \"" + value + "\" (" + (radix
          == 8 ? "an octal mode from 0 to 07777, like 0755" : "a number from 0 to " + max)
          + ")");
    }
    return n;
  }
}
