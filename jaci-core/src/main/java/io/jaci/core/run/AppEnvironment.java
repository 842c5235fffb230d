package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.EnvironmentVariable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;

/**
 * The environment of an app's processes (main and event handlers), in order, as {@code K=V}
 * strings for the OCI {@code process.env}.
 *
 * <p>ace.md, "Execution Environment": PATH, AC_APP_NAME, AC_METADATA_URL and {@code container}
 * MUST be set for each app's main process and lifecycle processes; an executor MAY set more.
 * Precedence, lowest first: the default PATH, the host's environment ({@code --inherit-env}),
 * the image's {@code app.environment}, {@code --set-env-file} files in order, {@code --set-env}
 * in order; then jaci's AC_APP_NAME, AC_METADATA_URL and {@code container=jaci}, which nothing
 * overrides.
 */
public record AppEnvironment(List<String> entries) {
  /** ace.md: PATH {@code /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** The value of {@code container}: the executor's name (ace.md: "free-form string"). */
  public static final String CONTAINER = "jaci";
  /** Set by jaci alone. */
  private static final List<String> RESERVED = List.of("AC_APP_NAME", "AC_METADATA_URL",
      "container");
  private static final long MAX_ENV_FILE_BYTES = 1L << 20;

  public AppEnvironment {
    entries = List.copyOf(entries);
  }

  /**
   * The environment of one app.
   *
   * @param image the image's {@code app.environment}
   * @param inherited the host's environment with {@code --inherit-env}, else empty
   * @param fromFiles the variables of the {@code --set-env-file} files, merged in order
   * @param setEnv the {@code --set-env} variables, in order
   * @param appName the app's name in the pod (AC_APP_NAME), or null outside a pod
   * @param metadataUrl AC_METADATA_URL, or null when there is no metadata service
   * @throws JaciException when {@code fromFiles} or {@code setEnv} set one of the variables jaci
   *     sets itself, naming it
   */
  public static AppEnvironment resolve(List<EnvironmentVariable> image,
      Map<String, String> inherited, Map<String, String> fromFiles, Map<String, String> setEnv,
      String appName, String metadataUrl) throws JaciException {
    refuseReserved(fromFiles, "--set-env-file");
    refuseReserved(setEnv, "--set-env");
    LinkedHashMap<String, String> env = new LinkedHashMap<>();
    env.put("PATH", DEFAULT_PATH);
    new TreeMap<>(inherited).forEach(env::put);
    image.forEach(v -> env.put(v.name(), v.value()));
    env.putAll(fromFiles);
    env.putAll(setEnv);
    // Set last, so that neither the image nor the host changes what ace.md requires.
    RESERVED.forEach(env::remove);
    if (appName != null) {
      env.put("AC_APP_NAME", appName);
    }
    if (metadataUrl != null) {
      env.put("AC_METADATA_URL", metadataUrl);
    }
    env.put("container", CONTAINER);
    List<String> entries = new ArrayList<>();
    env.forEach((k, v) -> entries.add(k + "=" + v));
    return new AppEnvironment(entries);
  }

  private static void refuseReserved(Map<String, String> vars, String option)
      throws JaciException {
    for (String name : RESERVED) {
      if (vars.containsKey(name)) {
        throw new JaciException(option + " " + name + ": jaci sets " + name
            + " itself for every app (ace.md); leave it out");
      }
    }
  }

  /**
   * Parses one {@code --set-env K=V}.
   *
   * @throws IllegalArgumentException one line naming the option value
   */
  public static EnvironmentVariable parseSetEnv(String text) {
    try {
      return variable(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--set-env " + text + ": " + e.getMessage());
    }
  }

  private static EnvironmentVariable variable(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("expected NAME=VALUE, e.g. DEBUG=1");
    }
    try {
      return new EnvironmentVariable(text.substring(0, eq), text.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^name: ", ""));
    }
  }

  /**
   * Reads a {@code --set-env-file}: one {@code K=V} per line; empty lines and lines starting
   * with {@code #} are skipped.
   *
   * @throws JaciException naming the file and line of a bad entry, or why it cannot be read
   */
  public static Map<String, String> readEnvFile(Path file) throws JaciException {
    String text;
    try {
      if (Files.size(file) > MAX_ENV_FILE_BYTES) {
        throw new JaciException("--set-env-file " + file + ": larger than "
            + (MAX_ENV_FILE_BYTES >> 20) + " MiB; is it the right file?");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new JaciException("--set-env-file " + file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new JaciException("--set-env-file " + IoMessages.about(file, e), e);
    }
    return parseEnvFile(text, file.toString());
  }

  static Map<String, String> parseEnvFile(String text, String source) throws JaciException {
    LinkedHashMap<String, String> vars = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1)
          : lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      try {
        EnvironmentVariable v = variable(line);
        vars.put(v.name(), v.value());
      } catch (IllegalArgumentException e) {
        throw new JaciException("--set-env-file " + source + " line " + (i + 1) + ": "
            + e.getMessage());
      }
    }
    return vars;
  }

  /** The value of {@code name}, or null. */
  public String get(String name) {
    Objects.requireNonNull(name);
    String prefix = name + "=";
    for (String e : entries) {
      if (e.startsWith(prefix)) {
        return e.substring(prefix.length());
      }
    }
    return null;
  }
}
