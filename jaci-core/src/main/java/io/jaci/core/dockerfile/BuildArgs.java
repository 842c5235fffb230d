package io.jaci.core.dockerfile;

import io.jaci.core.spec.HostPlatform;
import io.jaci.core.spec.PlatformTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build arguments of one build: the {@code --build-arg} values, the predefined platform
 * ARGs ({@code TARGETPLATFORM}, {@code TARGETOS}, {@code TARGETARCH}, {@code TARGETVARIANT},
 * {@code BUILDPLATFORM}, {@code BUILDOS}, {@code BUILDARCH}, {@code BUILDVARIANT}) and the
 * {@code ARG}s before the first {@code FROM} resolved in order. {@link #stageScope} gives the
 * scope a stage starts in.
 */
public final class BuildArgs {
  /** The proxy ARGs a build may set with {@code --build-arg} without declaring them. */
  public static final List<String> PROXY_ARGS = List.of("HTTP_PROXY", "http_proxy",
      "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
      "ALL_PROXY", "all_proxy");

  private final ShellWordExpander words;
  private final Map<String, String> cli;
  private final Map<String, String> platform;
  private final Map<String, String> global;
  private final Set<String> consumed = new TreeSet<>();

  private BuildArgs(ShellWordExpander words, Map<String, String> cli,
      Map<String, String> platform) {
    this.words = words;
    this.cli = Collections.unmodifiableMap(new LinkedHashMap<>(cli));
    this.platform = platform;
    this.global = new LinkedHashMap<>(platform);
  }

  /**
   * Resolves the global {@code ARG}s of {@code dockerfile}.
   *
   * @param cli the {@code --build-arg} values by name (a null value: the name was given alone
   *     and the caller found no environment variable for it)
   * @param target the platform built for; build the platform the build runs on
   * @throws DockerfileException for a bad default, at its line
   */
  public static BuildArgs of(Dockerfile dockerfile, Map<String, String> cli,
      PlatformTable.Entry target, PlatformTable.Entry build) throws DockerfileException {
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "TARGET", target);
    put(p, "BUILD", build);
    BuildArgs args = new BuildArgs(dockerfile.expander().words(), cli, p);
    for (Instruction.Arg a : dockerfile.globalArgs()) {
      for (KeyValue kv : a.args()) {
        String v = args.given(kv.key());
        if (v == null && kv.value() != null) {
          try {
            v = args.words.expand(kv.value(), args.global::get);
          } catch (DockerfileException e) {
            throw e.at(a.line());
          }
        }
        if (v != null) {
          args.global.put(kv.key(), v);
        }
      }
    }
    return args;
  }

  /**
   * {@link #of} for a build on and for this machine ({@link HostPlatform}).
   *
   * @throws DockerfileException also when this machine's platform has no OCI name
   */
  public static BuildArgs forHost(Dockerfile dockerfile, Map<String, String> cli)
      throws DockerfileException {
    String os = HostPlatform.os();
    String arch = HostPlatform.arch();
    PlatformTable.Entry host = PlatformTable.entries().stream()
        .filter(e -> e.appcOs().equals(os) && e.appcArch().equals(arch)).findFirst()
        .orElseThrow(() -> new DockerfileException(0, "no OCI platform for " + os + "/" + arch));
    return of(dockerfile, cli, host, host);
  }

  private static void put(Map<String, String> m, String prefix, PlatformTable.Entry e) {
    String variant = e.goVariant() == null ? "" : e.goVariant();
    m.put(prefix + "PLATFORM", e.appcOs() + "/" + e.goArch()
        + (variant.isEmpty() ? "" : "/" + variant));
    m.put(prefix + "OS", e.appcOs());
    m.put(prefix + "ARCH", e.goArch());
    m.put(prefix + "VARIANT", variant);
  }

  /** The {@code --build-arg} value of {@code name}, or null; an ARG using it consumes it. */
  String given(String name) {
    String v = cli.get(name);
    if (v != null) {
      consumed.add(name);
    }
    return v;
  }

  /** The value of a global ARG or platform ARG as FROM sees it, or null. */
  public String globalValue(String name) {
    return global.get(name);
  }

  /** The predefined platform ARGs. */
  public Map<String, String> platformArgs() {
    return Collections.unmodifiableMap(platform);
  }

  /** The proxy ARGs given with {@code --build-arg}, which every RUN sees. */
  public Map<String, String> proxyArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : PROXY_ARGS) {
      if (cli.get(p) != null) {
        out.put(p, cli.get(p));
        consumed.add(p);
      }
    }
    return out;
  }

  /** The {@code --build-arg} names no ARG has used so far (for a warning at the end). */
  public Set<String> unconsumed() {
    Set<String> out = new TreeSet<>(cli.keySet());
    out.removeAll(consumed);
    out.removeAll(PROXY_ARGS);
    return out;
  }

  /**
   * The scope stage {@code stage} starts in: no ARG yet (a global one must be redeclared
   * with {@code ARG NAME} to be seen), the environment {@code baseEnv} of its base image.
   */
  public StageScope stageScope(Map<String, String> baseEnv) {
    return new StageScope(this, words, VarChain.of(baseEnv), VarChain.of(Map.of()),
        VarChain.of(baseEnv));
  }

  /** {@code from} with its image and platform expanded by the global and platform ARGs. */
  public Instruction.From expandFrom(Dockerfile dockerfile, Instruction.From from)
      throws DockerfileException {
    return (Instruction.From) dockerfile.expander().expand(from, global::get);
  }
}
