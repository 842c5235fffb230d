package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A volume of a pod (pods.md, {@code volumes}): a host directory ({@code kind=host}, bind
 * mounted from {@link #source}) or an empty directory the pod owns ({@code kind=empty}, made
 * with {@link #mode}, {@link #uid} and {@link #gid}, removed with the pod).
 *
 * @param mode permission bits of an empty volume's directory (0 for host volumes)
 * @param uid owner of an empty volume's directory (0 for host volumes)
 * @param gid group of an empty volume's directory (0 for host volumes)
 */
public record Volume(AcName name, Kind kind, Optional<Path> source, boolean readOnly, int mode,
    long uid, long gid) {

  /** appc's defaults for an empty volume: mode 0755, owned by 0:0. */
  public static final int DEFAULT_EMPTY_MODE = 0755;

  /** The two volume kinds of pods.md. */
  public enum Kind {
    HOST,
    EMPTY
  }

  public Volume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    if ((kind == Kind.HOST) != source.isPresent()) {
      throw new IllegalArgumentException("volume " + name + ": " + (kind == Kind.HOST
          ? "kind=host needs source=PATH" : "kind=empty takes no source"));
    }
  }

  /**
   * Parses a {@code --volume} value: {@code NAME,kind=host,source=PATH[,readOnly=true]} or
   * {@code NAME,kind=empty[,readOnly=true][,mode=0755][,uid=0][,gid=0]}.
   *
   * @throws IllegalArgumentException one line naming the option value and what is wrong
   */
  public static Volume parse(String text) {
    OptionText option = OptionText.parse("--volume", text, true,
        Set.of("kind", "source", "readOnly", "mode", "uid", "gid"));
    AcName name = option.name("volume name");
    String kindText = option.required("kind", "host or empty");
    Kind kind = switch (kindText) {
      case "host" -> Kind.HOST;
      case "empty" -> Kind.EMPTY;
      default -> throw option.bad("kind=" + kindText + " is not a volume kind, use host or empty");
    };
    boolean readOnly = option.bool("readOnly");
    if (kind == Kind.HOST) {
      for (String key : new String[] {"mode", "uid", "gid"}) {
        if (option.has(key)) {
          throw option.bad(key + " is only for kind=empty; a host volume keeps its source's");
        }
      }
      String source = option.required("source", "an absolute host path");
      if (!source.startsWith("/")) {
        throw option.bad("source=" + source + " must be an absolute host path");
      }
      return new Volume(name, kind, Optional.of(Path.of(source)), readOnly, 0, 0, 0);
    }
    if (option.has("source")) {
      throw option.bad("source is only for kind=host");
    }
    int mode = option.has("mode") ? mode(option) : DEFAULT_EMPTY_MODE;
    return new Volume(name, kind, Optional.empty(), readOnly, mode, option.id("uid"),
        option.id("gid"));
  }

  private static int mode(OptionText option) {
    String text = option.value("mode");
    if (!text.matches("0?[0-7]{3,4}")) {
      throw option.bad("mode=" + text + " must be octal permission bits like 0755");
    }
    int mode = Integer.parseInt(text, 8);
    if (mode > 07777) {
      throw option.bad("mode=" + text + " must be octal permission bits like 0755");
    }
    return mode;
  }

  /** The empty volume appc implies for a mount point no volume fills. */
  public static Volume implicitEmpty(AcName name) {
    return new Volume(name, Kind.EMPTY, Optional.empty(), false, DEFAULT_EMPTY_MODE, 0, 0);
  }
}
