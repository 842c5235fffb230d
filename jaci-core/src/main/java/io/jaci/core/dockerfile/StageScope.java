package io.jaci.core.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step of a stage sees, as BuildKit keeps it: the variables set so far by the base
 * image's environment, {@code ENV} and {@code ARG} (the later wins, whichever it is), of which
 * the {@code ENV} ones are also the image's environment. An ARG is seen only once the stage
 * declares it; a global ARG needs {@code ARG NAME} in the stage. Immutable: {@link #after}
 * gives the scope of the next step.
 */
public final class StageScope {
  private final BuildArgs buildArgs;
  private final ShellWordExpander words;
  private final VarChain env;
  private final VarChain args;
  private final VarChain vars;

  StageScope(BuildArgs buildArgs, ShellWordExpander words, VarChain env, VarChain args,
      VarChain vars) {
    this.buildArgs = buildArgs;
    this.words = words;
    this.env = env;
    this.args = args;
    this.vars = vars;
  }

  /** The value of {@code name} at this step, or null if it is unset (for expansion). */
  public String value(String name) {
    return vars.get(name);
  }

  /**
   * The stage's environment (base image and ENV): what the image records. Built on each call,
   * in the order the names were first set.
   */
  public Map<String, String> environment() {
    return env.toMap();
  }

  /** The ARGs the stage declared that have a value, with it (for cache keys). */
  public Map<String, String> args() {
    return args.toMap();
  }

  /**
   * The environment a {@code RUN} gets: the proxy ARGs given with {@code --build-arg}, then the
   * variables of this step (ENV and declared ARGs) over them.
   */
  public Map<String, String> runEnvironment() {
    Map<String, String> out = new LinkedHashMap<>(buildArgs.proxyArgs());
    out.putAll(vars.toMap());
    return out;
  }

  /**
   * The scope after {@code step} (an instruction {@link StepExpander#expand}ed with this
   * scope). An {@code ENV} sets variables. An {@code ARG} declares them: the value is the
   * {@code --build-arg} one if given, else its default expanded now, else the value of the
   * global (or platform) ARG of that name; without any, the name stays unset. Other
   * instructions change nothing.
   *
   * @throws DockerfileException for a default that does not expand, at its line
   */
  public StageScope after(Instruction step) throws DockerfileException {
    if (step instanceof Instruction.Env e) {
      Map<String, String> set = new LinkedHashMap<>();
      for (KeyValue kv : e.pairs()) {
        set.put(kv.key(), kv.value());
      }
      return new StageScope(buildArgs, words, env.with(set), args, vars.with(set));
    }
    if (step instanceof Instruction.Arg a) {
      Map<String, String> set = new LinkedHashMap<>();
      for (KeyValue kv : a.args()) {
        String v = buildArgs.given(kv.key());
        if (v == null && kv.value() != null) {
          try {
            v = words.expand(kv.value(), n -> set.containsKey(n) ? set.get(n) : vars.get(n));
          } catch (DockerfileException x) {
            throw x.at(a.line());
          }
        }
        if (v == null) {
          v = buildArgs.globalValue(kv.key());
        }
        if (v != null) {
          set.put(kv.key(), v);
        }
      }
      return new StageScope(buildArgs, words, env, args.with(set), vars.with(set));
    }
    return this;
  }
}
