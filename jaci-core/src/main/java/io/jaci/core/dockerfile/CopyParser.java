package io.jaci.core.dockerfile;

import io.jaci.core.dockerfile.Flags.Kind;
import java.util.ArrayList;
import java.util.List;

/** {@code COPY} and {@code ADD}: flags, sources (paths and heredocs) and the destination. */
final class CopyParser {
  private CopyParser() {}

  static Instruction parse(Node n, String kw, Flags flags, char escape)
      throws DockerfileException {
    boolean copy = kw.equals("COPY");
    flags.allow(Kind.STRING, "chown", "chmod").allow(Kind.BOOL, "link")
        .allow(Kind.LIST, "exclude");
    if (copy) {
      flags.allow(Kind.STRING, "from").allow(Kind.BOOL, "parents");
    } else {
      flags.allow(Kind.BOOL, "keep-git-dir", "unpack").allow(Kind.STRING, "checksum");
    }
    flags.parse(n.flags());
    List<String> json = JsonForm.parse(n.rest());
    List<String> args = json != null ? json : InstructionParser.words(n.rest());
    if (args.size() < 2) {
      throw new DockerfileException(0, kw + " requires at least two arguments, but only "
          + (args.isEmpty() ? "none was" : "one was") + " provided (the last is the "
          + "destination)");
    }
    String dest = args.get(args.size() - 1);
    if (HeredocWords.isHeredoc(dest)) {
      throw new DockerfileException(0, kw + " cannot take a heredoc as a destination");
    }
    List<String> sources = new ArrayList<>();
    List<Heredoc> heredocs = new ArrayList<>();
    int next = 0;
    for (String src : args.subList(0, args.size() - 1)) {
      if (json == null && HeredocWords.isHeredoc(src) && next < n.heredocs().size()) {
        heredocs.add(n.heredocs().get(next++));
      } else {
        sources.add(src);
      }
    }
    String from = flags.string("from");
    if (from != null && !from.equals(new ShellWordExpander(escape).expand(from, k -> null))) {
      throw new DockerfileException(0, "variable expansion is not supported for --from (define "
          + "a stage with FROM ${VAR} AS NAME, the VAR an ARG before the first FROM, and copy "
          + "--from=NAME)");
    }
    if (copy) {
      return new Instruction.Copy(n.line(), n.original(), sources, heredocs, dest,
          from, flags.string("chown"), flags.string("chmod"),
          Boolean.TRUE.equals(flags.bool("link")), Boolean.TRUE.equals(flags.bool("parents")),
          flags.list("exclude"));
    }
    return new Instruction.Add(n.line(), n.original(), sources, heredocs, dest,
        flags.string("chown"), flags.string("chmod"), Boolean.TRUE.equals(flags.bool("link")),
        flags.list("exclude"), flags.string("checksum"), flags.bool("keep-git-dir"),
        flags.bool("unpack"));
  }
}
