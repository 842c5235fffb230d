package io.jaci.core.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step of a stage sees: the {@code ENV} of the stage so far (its base image's first)
 * and the {@code ARG}s declared in the stage so far with their values. An ENV wins over an ARG
 * of the same name. Immutable: {@link #after} gives the scope of the next step.
 */
public final class StageScope {
  private final BuildArgs buildArgs;
  private final ShellWordExpander words;
  private final Map<String, String> env;
  private final Map<String, String> args;

  StageScope(BuildArgs buildArgs, ShellWordExpander words, Map<String, String> env,
      Map<String, String> args) {
    this.buildArgs = buildArgs;
    this.words = words;
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    this.args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** The value of {@code name} for expansion (ENV, then a declared ARG), or null if unset. */
  public String value(String name) {
    String e = env.get(name);
    return e != null ? e : args.get(name);
  }

  /** The stage's environment (ENV only): what the image records. */
  public Map<String, String> environment() {
    return env;
  }

  /** The declared ARGs that have a value (for cache keys). */
  public Map<String, String> args() {
    return args;
  }

  /**
   * The environment a {@code RUN} gets: the proxy build args, the declared ARGs with a value,
   * then the ENV over them.
   */
  public Map<String, String> runEnvironment() {
    Map<String, String> out = new LinkedHashMap<>(buildArgs.proxyArgs());
    out.putAll(args);
    out.putAll(env);
    return out;
  }

  /**
   * The scope after {@code expanded} (an instruction {@link StepExpander#expand}ed with this
   * scope): an {@code ENV} sets variables; an {@code ARG} declares them, with the
   * {@code --build-arg} value, else its default, else the global ARG's or platform ARG's
   * value; other instructions change nothing.
   */
  public StageScope after(Instruction expanded) {
    if (expanded instanceof Instruction.Env e) {
      Map<String, String> m = new LinkedHashMap<>(env);
      e.pairs().forEach(kv -> m.put(kv.key(), kv.value()));
      return new StageScope(buildArgs, words, m, args);
    }
    if (expanded instanceof Instruction.Arg a) {
      Map<String, String> m = new LinkedHashMap<>(args);
      for (KeyValue kv : a.args()) {
        String v = buildArgs.resolve(kv.key(), kv.value() != null ? kv.value()
            : buildArgs.globalValue(kv.key()));
        if (v == null) {
          m.remove(kv.key());
        } else {
          m.put(kv.key(), v);
        }
      }
      return new StageScope(buildArgs, words, env, m);
    }
    return this;
  }
}
