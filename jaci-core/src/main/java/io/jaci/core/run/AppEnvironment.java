package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.EnvironmentVariable;
import java.nio.file.Path;
import java.util.List;
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
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** The value of {@code container}: the executor's name (ace.md: "free-form string"). */
  public static final String CONTAINER = "jaci";

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
    throw new UnsupportedOperationException("h11-config: not yet");
  }

  /**
   * Parses one {@code --set-env K=V}.
   *
   * @throws IllegalArgumentException one line naming the option value
   */
  public static EnvironmentVariable parseSetEnv(String text) {
    throw new UnsupportedOperationException("h11-config: not yet");
  }

  /**
   * Reads a {@code --set-env-file}: one {@code K=V} per line; empty lines and lines starting
   * with {@code #} are skipped.
   *
   * @throws JaciException naming the file and line of a bad entry, or why it cannot be read
   */
  public static Map<String, String> readEnvFile(Path file) throws JaciException {
    throw new UnsupportedOperationException("h11-config: not yet");
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
