package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Expands the variables of an instruction where Docker does, with the variables visible at its
 * step, as BuildKit does: {@code FROM} (image, {@code --platform}), {@code COPY}/{@code ADD}
 * (sources, destination, {@code --chown}, {@code --chmod}, {@code --checksum}, the content of
 * heredocs with an unquoted delimiter; not {@code --from}, which the parser refuses to hold a
 * variable), {@code ENV}, {@code LABEL}, {@code EXPOSE} (split into words), {@code VOLUME},
 * {@code WORKDIR}, {@code USER}, {@code STOPSIGNAL}, and {@code RUN --mount} values.
 * {@code RUN}, {@code CMD}, {@code ENTRYPOINT}, {@code SHELL}, {@code HEALTHCHECK},
 * {@code ONBUILD} and {@code MAINTAINER} come back as they are (a shell or a later build expands
 * those). An {@code ARG} also comes back as it is: its default is expanded only when no
 * {@code --build-arg} replaces it, which {@link StageScope#after} decides.
 */
public final class StepExpander {
  private final ShellWordExpander words;

  StepExpander(ShellWordExpander words) {
    this.words = words;
  }

  /** The word expander this uses. */
  public ShellWordExpander words() {
    return words;
  }

  /**
   * {@code i} with its words expanded by {@code env} (null for an unset name; a
   * {@link StageScope}'s {@code scope::value}).
   *
   * @throws DockerfileException at the instruction's line
   */
  public Instruction expand(Instruction i, Function<String, String> env)
      throws DockerfileException {
    try {
      return expandUnlocated(i, env);
    } catch (DockerfileException e) {
      throw e.at(i.line());
    }
  }

  private Instruction expandUnlocated(Instruction i, Function<String, String> env)
      throws DockerfileException {
    if (i instanceof Instruction.From f) {
      return new Instruction.From(f.line(), f.raw(), one(f.image(), env), f.stageName(),
          one(f.platform(), env));
    }
    if (i instanceof Instruction.Copy c) {
      return new Instruction.Copy(c.line(), c.raw(), each(c.sources(), env),
          heredocs(c.heredocs(), env), one(c.dest(), env), c.from(),
          one(c.chown(), env), one(c.chmod(), env), c.link(), c.parents(), c.excludes());
    }
    if (i instanceof Instruction.Add a) {
      return new Instruction.Add(a.line(), a.raw(), each(a.sources(), env),
          heredocs(a.heredocs(), env), one(a.dest(), env), one(a.chown(), env),
          one(a.chmod(), env), a.link(), a.excludes(), one(a.checksum(), env), a.keepGitDir(),
          a.unpack());
    }
    if (i instanceof Instruction.Env e) {
      return new Instruction.Env(e.line(), e.raw(), pairs(e.pairs(), env));
    }
    if (i instanceof Instruction.Label l) {
      return new Instruction.Label(l.line(), l.raw(), pairs(l.labels(), env));
    }
    if (i instanceof Instruction.Expose e) {
      List<String> ports = new ArrayList<>();
      for (String p : e.ports()) {
        ports.addAll(words.expandWords(p, env));
      }
      return new Instruction.Expose(e.line(), e.raw(), ports);
    }
    if (i instanceof Instruction.Volume v) {
      return new Instruction.Volume(v.line(), v.raw(), each(v.paths(), env));
    }
    if (i instanceof Instruction.Workdir w) {
      return new Instruction.Workdir(w.line(), w.raw(), one(w.path(), env));
    }
    if (i instanceof Instruction.User u) {
      return new Instruction.User(u.line(), u.raw(), one(u.user(), env));
    }
    if (i instanceof Instruction.StopSignal s) {
      return new Instruction.StopSignal(s.line(), s.raw(), one(s.signal(), env));
    }
    if (i instanceof Instruction.Run r && !r.mounts().isEmpty()) {
      List<RunMount> mounts = new ArrayList<>();
      for (RunMount m : r.mounts()) {
        mounts.add(RunMount.parse(words.expand(m.raw(), env)));
      }
      return new Instruction.Run(r.line(), r.raw(), r.command(), mounts, r.network(),
          r.security(), r.heredocs());
    }
    return i;
  }

  private String one(String word, Function<String, String> env) throws DockerfileException {
    return word == null ? null : words.expand(word, env);
  }

  private List<String> each(List<String> list, Function<String, String> env)
      throws DockerfileException {
    List<String> out = new ArrayList<>(list.size());
    for (String w : list) {
      out.add(words.expand(w, env));
    }
    return out;
  }

  private List<KeyValue> pairs(List<KeyValue> list, Function<String, String> env)
      throws DockerfileException {
    List<KeyValue> out = new ArrayList<>(list.size());
    for (KeyValue kv : list) {
      out.add(new KeyValue(words.expand(kv.key(), env), one(kv.value(), env)));
    }
    return out;
  }

  private List<Heredoc> heredocs(List<Heredoc> list, Function<String, String> env)
      throws DockerfileException {
    List<Heredoc> out = new ArrayList<>(list.size());
    for (Heredoc h : list) {
      out.add(!h.expand() ? h : new Heredoc(h.name(), words.expandRaw(h.content(), env),
          false, h.chomp(), h.fileDescriptor()));
    }
    return out;
  }
}
