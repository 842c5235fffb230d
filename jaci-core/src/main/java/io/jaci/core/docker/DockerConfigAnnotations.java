package io.jaci.core.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.spec.Annotations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a Docker image config holds that appc has no field for, and the one way jaci keeps it
 * in {@code appc.io/docker/*} annotations: {@code jaci convert} Docker -> ACI writes them,
 * ACI -> OCI/Docker reads them back, and {@code jaci dockerfile} writes them for STOPSIGNAL,
 * HEALTHCHECK, ONBUILD and SHELL, so that the three agree.
 *
 * <ul>
 *   <li>{@code StopSignal} -> {@code appc.io/docker/stopsignal}, the signal as written;
 *   <li>{@code Healthcheck} -> {@code appc.io/docker/healthcheck}, Docker's object as JSON
 *       ({@code {"Interval":5000000000,"Retries":2,"Test":["CMD-SHELL","cat /x"]}}: keys
 *       sorted, durations in nanoseconds, zero values left out as Docker leaves them out);
 *   <li>{@code OnBuild} -> {@code appc.io/docker/onbuild}, a JSON array of the trigger texts;
 *   <li>{@code Shell} -> {@code appc.io/docker/shell}, a JSON array; Docker's default
 *       {@code ["/bin/sh","-c"]} means the same as none and is not kept.
 * </ul>
 *
 * @param stopSignal null when not set
 * @param healthcheck null when not set
 */
public record DockerConfigAnnotations(String stopSignal, Healthcheck healthcheck,
    List<String> onBuild, List<String> shell) {
  public static final String PREFIX = "appc.io/docker/";
  public static final String ENTRYPOINT = PREFIX + "entrypoint";
  public static final String CMD = PREFIX + "cmd";
  public static final String STOPSIGNAL = PREFIX + "stopsignal";
  public static final String HEALTHCHECK = PREFIX + "healthcheck";
  public static final String ONBUILD = PREFIX + "onbuild";
  public static final String SHELL = PREFIX + "shell";
  /** The shell of a shell-form command when the config names none. */
  public static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
  /** Nothing set. */
  public static final DockerConfigAnnotations NONE =
      new DockerConfigAnnotations(null, null, List.of(), List.of());
  private static final ObjectMapper JSON = new ObjectMapper();

  public DockerConfigAnnotations {
    stopSignal = stopSignal == null || stopSignal.isEmpty() ? null : stopSignal;
    onBuild = List.copyOf(onBuild);
    shell = shell.equals(DEFAULT_SHELL) ? List.of() : List.copyOf(shell);
  }

  /** The fields of a Docker config's {@code config} object (what {@code what} names). */
  static DockerConfigAnnotations parse(JsonNode config, String what) throws JaciException {
    JsonNode h = config.path("Healthcheck");
    Healthcheck healthcheck = h.isMissingNode() || h.isNull() ? null
        : Healthcheck.parse(h, what + ": config.Healthcheck");
    return new DockerConfigAnnotations(config.path("StopSignal").asText(""), healthcheck,
        strings(config.path("OnBuild"), what + ": config.OnBuild"),
        strings(config.path("Shell"), what + ": config.Shell"));
  }

  /** What {@code annotations} keep; a value that is not what this class writes is ignored. */
  public static DockerConfigAnnotations of(Annotations annotations) {
    Healthcheck healthcheck = annotations.get(HEALTHCHECK).flatMap(DockerConfigAnnotations::tree)
        .flatMap(n -> {
          try {
            return Optional.of(Healthcheck.parse(n, HEALTHCHECK));
          } catch (JaciException e) {
            return Optional.empty();
          }
        }).orElse(null);
    return new DockerConfigAnnotations(annotations.get(STOPSIGNAL).orElse(null), healthcheck,
        stringList(annotations, ONBUILD), stringList(annotations, SHELL));
  }

  private static List<String> stringList(Annotations annotations, String name) {
    return annotations.get(name).flatMap(DockerConfigAnnotations::tree).flatMap(n -> {
      try {
        return Optional.of(strings(n, name));
      } catch (JaciException e) {
        return Optional.empty();
      }
    }).orElse(List.of());
  }

  private static Optional<JsonNode> tree(String json) {
    try {
      return Optional.ofNullable(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static List<String> strings(JsonNode array, String what) throws JaciException {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new JaciException(what + " is not an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (!n.isTextual()) {
        throw new JaciException(what + " is not an array of strings");
      }
      out.add(n.asText());
    }
    return out;
  }

  /** The annotations, name to value, in the order jaci writes them; unset fields left out. */
  public Map<String, String> annotations() {
    Map<String, String> m = new LinkedHashMap<>();
    if (!shell.isEmpty()) {
      m.put(SHELL, json(shell));
    }
    if (stopSignal != null) {
      m.put(STOPSIGNAL, stopSignal);
    }
    if (healthcheck != null) {
      m.put(HEALTHCHECK, healthcheck.json());
    }
    if (!onBuild.isEmpty()) {
      m.put(ONBUILD, json(onBuild));
    }
    return m;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Docker's {@code Healthcheck}: {@code test} is {@code ["NONE"]}, {@code ["CMD", args...]}
   * or {@code ["CMD-SHELL", command]}; durations in nanoseconds, 0 for Docker's default.
   */
  public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod,
      long startInterval, int retries) {
    public Healthcheck {
      test = List.copyOf(test);
    }

    /** Docker's JSON object (keys sorted, zero values left out). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new TreeMap<>();
      if (!test.isEmpty()) {
        m.put("Test", test);
      }
      put(m, "Interval", interval);
      put(m, "Timeout", timeout);
      put(m, "StartPeriod", startPeriod);
      put(m, "StartInterval", startInterval);
      put(m, "Retries", retries);
      return m;
    }

    private static void put(Map<String, Object> m, String name, long value) {
      if (value != 0) {
        m.put(name, value);
      }
    }

    /** The annotation's value. */
    public String json() {
      return DockerConfigAnnotations.json(toMap());
    }

    static Healthcheck parse(JsonNode h, String what) throws JaciException {
      if (!h.isObject()) {
        throw new JaciException(what + " is not an object");
      }
      return new Healthcheck(strings(h.path("Test"), what + ".Test"),
          nonNegative(h, "Interval", what), nonNegative(h, "Timeout", what),
          nonNegative(h, "StartPeriod", what), nonNegative(h, "StartInterval", what),
          (int) Math.min(Integer.MAX_VALUE, nonNegative(h, "Retries", what)));
    }

    private static long nonNegative(JsonNode h, String field, String what)
        throws JaciException {
      JsonNode n = h.path(field);
      if (n.isMissingNode() || n.isNull()) {
        return 0;
      }
      if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
        throw new JaciException(what + "." + field + " is not a non-negative whole number");
      }
      return n.asLong();
    }
  }
}
