package io.jaci.core.dockerfile;

import io.jaci.core.dockerfile.Flags.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@link Node} to typed {@link Instruction}, with BuildKit's checks; errors carry the line. */
final class InstructionParser {
  static final List<String> KEYWORDS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV",
      "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
      "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
  private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");
  private static final Pattern WHITESPACE = Pattern.compile("[\\t\\n\\x0B\\f\\r ]+");

  private final char escape;

  InstructionParser(char escape) {
    this.escape = escape;
  }

  Instruction parse(Node n) throws DockerfileException {
    try {
      return parseUnlocated(n);
    } catch (DockerfileException e) {
      throw e.at(n.line());
    }
  }

  private Instruction parseUnlocated(Node n) throws DockerfileException {
    String kw = n.keyword().toUpperCase(Locale.ROOT);
    int line = n.line();
    String raw = n.original();
    String rest = n.rest();
    switch (kw) {
      case "FROM": {
        Flags f = flags(n, kw).allow(Kind.STRING, "platform").parse(n.flags());
        List<String> args = words(rest);
        String name = null;
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
          name = args.get(2).toLowerCase(Locale.ROOT);
          if (!STAGE_NAME.matcher(name).matches()) {
            throw new DockerfileException(line, "invalid name for build stage: \""
                + io.jaci.core.ShortText.cut(args.get(2), 60) + "\" (a letter, then letters, "
                + "digits, '-', '_' or '.')");
          }
        } else if (args.size() != 1) {
          throw new DockerfileException(line, "FROM takes IMAGE or IMAGE AS NAME, not "
              + io.jaci.core.ShortText.cut(rest.isEmpty() ? "nothing" : rest, 100));
        }
        return new Instruction.From(line, raw, args.get(0), name, f.string("platform"));
      }
      case "RUN":
        return RunParser.parse(n, flags(n, kw));
      case "CMD":
        noFlags(n, kw);
        return new Instruction.Cmd(line, raw, command(kw, rest));
      case "ENTRYPOINT":
        noFlags(n, kw);
        return new Instruction.Entrypoint(line, raw, command(kw, rest));
      case "COPY":
      case "ADD":
        return CopyParser.parse(n, kw, flags(n, kw), escape);
      case "ENV":
        noFlags(n, kw);
        return new Instruction.Env(line, raw, NameValues.pairs(kw, rest, escape));
      case "LABEL":
        noFlags(n, kw);
        return new Instruction.Label(line, raw, NameValues.pairs(kw, rest, escape));
      case "ARG":
        noFlags(n, kw);
        return new Instruction.Arg(line, raw, NameValues.args(rest, escape));
      case "WORKDIR":
        noFlags(n, kw);
        return new Instruction.Workdir(line, raw, single(kw, rest));
      case "USER":
        noFlags(n, kw);
        return new Instruction.User(line, raw, single(kw, rest));
      case "STOPSIGNAL":
        noFlags(n, kw);
        return new Instruction.StopSignal(line, raw, single(kw, rest));
      case "MAINTAINER":
        noFlags(n, kw);
        return new Instruction.Maintainer(line, raw, single(kw, rest));
      case "SHELL": {
        noFlags(n, kw);
        List<String> shell = JsonForm.parse(rest);
        if (shell == null || shell.isEmpty()) {
          throw new DockerfileException(line, "SHELL takes a JSON array of strings, like "
              + "SHELL [\"/bin/bash\", \"-c\"]");
        }
        return new Instruction.Shell(line, raw, shell);
      }
      case "EXPOSE":
        noFlags(n, kw);
        return new Instruction.Expose(line, raw, atLeastOne(kw, words(rest)));
      case "VOLUME": {
        noFlags(n, kw);
        List<String> json = JsonForm.parse(rest);
        List<String> paths = json != null ? json : words(rest);
        for (String p : atLeastOne(kw, paths)) {
          if (p.isBlank()) {
            throw new DockerfileException(line, "VOLUME specified can not be an empty string");
          }
        }
        return new Instruction.Volume(line, raw, paths);
      }
      case "HEALTHCHECK":
        return HealthcheckParser.parse(n, flags(n, kw), escape);
      case "ONBUILD":
        return onbuild(n);
      default:
        throw new DockerfileException(line, "unknown instruction \""
            + io.jaci.core.ShortText.cut(n.keyword(), 60) + "\""
            + Suggest.didYouMean(kw, KEYWORDS));
    }
  }

  private Instruction onbuild(Node n) throws DockerfileException {
    noFlags(n, "ONBUILD");
    if (n.rest().isEmpty()) {
      throw new DockerfileException(n.line(), "ONBUILD requires at least one argument");
    }
    String expr = n.rest();
    int sp = 0;
    while (sp < expr.length() && !Character.isWhitespace(expr.charAt(sp))) {
      sp++;
    }
    String kw = expr.substring(0, sp).toUpperCase(Locale.ROOT);
    if (kw.equals("ONBUILD") || kw.equals("FROM") || kw.equals("MAINTAINER")) {
      throw new DockerfileException(n.line(), kw + " isn't allowed as an ONBUILD trigger");
    }
    FlagSplitter.Split split = FlagSplitter.split(expr.substring(sp), escape);
    Instruction trigger = parse(new Node(n.line(), expr.substring(0, sp), split.flags(),
        split.rest(), expr, List.of()));
    return new Instruction.Onbuild(n.line(), n.original(), expr, trigger);
  }

  private static Flags flags(Node n, String kw) {
    return new Flags(kw);
  }

  private static void noFlags(Node n, String kw) throws DockerfileException {
    new Flags(kw).parse(n.flags());
  }

  static Command command(String kw, String rest) throws DockerfileException {
    List<String> json = JsonForm.parse(rest);
    if (json != null) {
      return Command.exec(json);
    }
    if (rest.isEmpty()) {
      throw new DockerfileException(0, kw + " requires at least one argument");
    }
    return Command.shell(rest);
  }

  private static String single(String kw, String rest) throws DockerfileException {
    if (rest.isEmpty()) {
      throw new DockerfileException(0, kw + " requires exactly one argument");
    }
    return rest;
  }

  private static List<String> atLeastOne(String kw, List<String> args)
      throws DockerfileException {
    if (args.isEmpty()) {
      throw new DockerfileException(0, kw + " requires at least one argument");
    }
    return args;
  }

  /** Whitespace-separated words, as written. */
  static List<String> words(String rest) {
    List<String> out = new ArrayList<>();
    for (String w : WHITESPACE.split(rest.strip())) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
