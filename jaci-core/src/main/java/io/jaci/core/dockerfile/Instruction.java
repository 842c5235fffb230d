package io.jaci.core.dockerfile;

import java.time.Duration;
import java.util.List;

/**
 * One instruction of a Dockerfile as parsed: its words still hold their quotes and variables.
 * {@link StepExpander#expand} gives the same instruction expanded with the variables visible at
 * its step, for exactly the instructions Docker expands ({@code ADD COPY ENV EXPOSE FROM LABEL
 * STOPSIGNAL USER VOLUME WORKDIR}, {@code ARG} defaults and {@code RUN --mount} values); the
 * others come back unchanged.
 *
 * <p>Every record has {@code line}, the 1-based line it starts on, and {@code raw}, its text
 * with continuation lines joined (for progress lines and cache keys).
 */
public sealed interface Instruction {
  /** The 1-based line the instruction starts on. */
  int line();

  /** The instruction as written, continuations joined, heredoc bodies not included. */
  String raw();

  /** The instruction's name in upper case ({@code RUN}). */
  default String keyword() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * {@code FROM [--platform=P] image [AS name]}.
   *
   * @param image the image reference, {@code scratch}, or an earlier stage's name
   * @param stageName the name after {@code AS} (lower-cased, as Docker matches it), or null
   * @param platform the {@code --platform} value, or null
   */
  record From(int line, String raw, String image, String stageName, String platform)
      implements Instruction {}

  /**
   * {@code RUN [--mount=...]... [--network=default|none|host] [--security=...] command}.
   *
   * @param network {@code default}, {@code none} or {@code host}, or null when not given
   * @param security {@code sandbox} or {@code insecure}, or null when not given
   * @param heredocs the here-documents of the command line, in order
   */
  record Run(int line, String raw, Command command, List<RunMount> mounts, String network,
      String security, List<Heredoc> heredocs) implements Instruction {
    public Run {
      mounts = List.copyOf(mounts);
      heredocs = List.copyOf(heredocs);
    }
  }

  /**
   * {@code COPY [--from=S] [--chown=U:G] [--chmod=M] [--link] [--parents] [--exclude=P]...
   * src... dest}.
   *
   * @param sources the source paths or globs (heredoc sources are in {@code heredocs})
   * @param heredocs the {@code <<EOF} sources, each a file named by its delimiter
   * @param from the stage, image or context the sources are read from, or null
   * @param chown {@code user[:group]} or null; chmod the mode (octal or symbolic) or null
   */
  record Copy(int line, String raw, List<String> sources, List<Heredoc> heredocs, String dest,
      String from, String chown, String chmod, boolean link, boolean parents,
      List<String> excludes) implements Instruction {
    public Copy {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
      excludes = List.copyOf(excludes);
    }
  }

  /**
   * {@code ADD [--chown] [--chmod] [--link] [--exclude]... [--checksum=sha256:...]
   * [--keep-git-dir] [--unpack] src... dest}.
   *
   * @param checksum the expected digest of a URL source, or null
   * @param keepGitDir the {@code --keep-git-dir} value, or null when not given
   * @param unpack the {@code --unpack} value, or null when not given (local tars are unpacked)
   */
  record Add(int line, String raw, List<String> sources, List<Heredoc> heredocs, String dest,
      String chown, String chmod, boolean link, List<String> excludes, String checksum,
      Boolean keepGitDir, Boolean unpack) implements Instruction {
    public Add {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
      excludes = List.copyOf(excludes);
    }
  }

  /** {@code ENV k=v...} or the legacy {@code ENV k v}. */
  record Env(int line, String raw, List<KeyValue> pairs) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  /** {@code ARG name[=default]...}; a value is null when no default is given. */
  record Arg(int line, String raw, List<KeyValue> args) implements Instruction {
    public Arg {
      args = List.copyOf(args);
    }
  }

  /** {@code WORKDIR path}. */
  record Workdir(int line, String raw, String path) implements Instruction {}

  /** {@code USER user[:group]}. */
  record User(int line, String raw, String user) implements Instruction {}

  /** {@code CMD}; an empty exec form {@code CMD []} clears it. */
  record Cmd(int line, String raw, Command command) implements Instruction {}

  /** {@code ENTRYPOINT}. */
  record Entrypoint(int line, String raw, Command command) implements Instruction {}

  /** {@code SHELL ["executable", "params"...]} (JSON form only). */
  record Shell(int line, String raw, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  /** {@code EXPOSE port[/proto]...}; each word may expand to several ports. */
  record Expose(int line, String raw, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  /** {@code VOLUME path...} or {@code VOLUME ["path"...]}. */
  record Volume(int line, String raw, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  /** {@code LABEL k=v...}. */
  record Label(int line, String raw, List<KeyValue> labels) implements Instruction {
    public Label {
      labels = List.copyOf(labels);
    }
  }

  /** {@code STOPSIGNAL signal}. */
  record StopSignal(int line, String raw, String signal) implements Instruction {}

  /**
   * {@code HEALTHCHECK NONE} ({@code command} null) or {@code HEALTHCHECK [options] CMD ...}.
   * A duration is null when not given; retries 0 when not given.
   */
  record Healthcheck(int line, String raw, Command command, Duration interval, Duration timeout,
      Duration startPeriod, Duration startInterval, int retries) implements Instruction {}

  /**
   * {@code ONBUILD instruction}: {@code expression} is the trigger's text (what images record),
   * {@code trigger} the same parsed (never FROM, ONBUILD or MAINTAINER).
   */
  record Onbuild(int line, String raw, String expression, Instruction trigger)
      implements Instruction {}

  /** {@code MAINTAINER name} (deprecated; the image's author). */
  record Maintainer(int line, String raw, String name) implements Instruction {}
}
