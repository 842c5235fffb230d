package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text to {@link Dockerfile}, in BuildKit's order: parser directives, then logical lines
 * (comments, continuations, heredocs) to {@link Node}s, then nodes to instructions and stages.
 * One pass over the text, no recursion.
 */
final class DockerfileParser {
  private static final java.util.Set<String> HEREDOC_INSTRUCTIONS = java.util.Set.of("run",
      "copy", "add");

  private final PhysicalLines lines;
  private final Map<String, String> directives = new LinkedHashMap<>();
  private char escape = '\\';
  private boolean directivesDone;

  DockerfileParser(String text) {
    this.lines = new PhysicalLines(text);
  }

  /** The escape character, once the directives are read. */
  char escape() {
    return escape;
  }

  Dockerfile parse() throws DockerfileException {
    List<Node> nodes = readNodes();
    InstructionParser parser = new InstructionParser(escape);
    List<Instruction.Arg> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (Node n : nodes) {
      Instruction i = parser.parse(n);
      if (i instanceof Instruction.From f) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from, body));
        }
        from = f;
        body = new ArrayList<>();
      } else if (from == null) {
        if (!(i instanceof Instruction.Arg a)) {
          throw new DockerfileException(n.line(), i.keyword() + " before the first FROM "
              + "(only ARG may come before FROM; start the Dockerfile with FROM IMAGE)");
        }
        globalArgs.add(a);
      } else {
        body.add(i);
      }
    }
    if (from == null) {
      throw new DockerfileException(Math.max(1, lines.lineNumber()), nodes.isEmpty()
          ? "the Dockerfile has no instructions (start it with FROM IMAGE)"
          : "the Dockerfile has no FROM (start it with FROM IMAGE)");
    }
    stages.add(new Stage(stages.size(), from, body));
    checkStageNames(stages);
    return new Dockerfile(escape, directives, globalArgs, stages);
  }

  private static void checkStageNames(List<Stage> stages) throws DockerfileException {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Stage s : stages) {
      if (s.name() != null && !seen.add(s.name())) {
        throw new DockerfileException(s.from().line(), "duplicate stage name \"" + s.name()
            + "\" (give each FROM ... AS NAME its own name)");
      }
    }
  }

  /** The logical lines, before they get a meaning (package-private for conformance tests). */
  List<Node> readNodes() throws DockerfileException {
    List<Node> nodes = new ArrayList<>();
    while (lines.hasNext()) {
      String first = stripLeft(lines.next());
      directive(first);
      if (isComment(first)) {
        continue;
      }
      int start = lines.lineNumber();
      StringBuilder logical = new StringBuilder();
      boolean end = appendContinued(logical, first);
      if (end && logical.length() == 0) {
        continue;
      }
      while (!end && lines.hasNext()) {
        String next = lines.next();
        directivesDone = true;
        if (isComment(next)) {
          continue;
        }
        if (next.isBlank()) {
          continue; // an empty continuation line: BuildKit warns and goes on
        }
        end = appendContinued(logical, next);
      }
      nodes.add(node(start, logical.toString()));
    }
    return nodes;
  }

  private Node node(int start, String line) throws DockerfileException {
    String trimmed = line.strip();
    int sp = 0;
    while (sp < trimmed.length() && !Character.isWhitespace(trimmed.charAt(sp))) {
      sp++;
    }
    String keyword = trimmed.substring(0, sp);
    FlagSplitter.Split split = FlagSplitter.split(trimmed.substring(sp), escape);
    List<Heredoc> heredocs = List.of();
    String lower = keyword.toLowerCase(Locale.ROOT);
    if (HEREDOC_INSTRUCTIONS.contains(lower) && split.rest().contains("<<")
        && !JsonForm.isJsonArray(split.rest())) {
      heredocs = readHeredocs(start, HeredocWords.find(split.rest(), escape));
    }
    return new Node(start, keyword, split.flags(), split.rest(), trimmed, heredocs);
  }

  private List<Heredoc> readHeredocs(int start, List<Heredoc> wanted) throws DockerfileException {
    List<Heredoc> out = new ArrayList<>();
    for (Heredoc h : wanted) {
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (lines.hasNext()) {
        String raw = lines.nextWithEnd();
        String candidate = stripLineEnd(raw);
        if (h.chomp()) {
          candidate = stripLeadingTabs(candidate);
        }
        if (candidate.equals(h.name())) {
          terminated = true;
          break;
        }
        content.append(h.chomp() ? stripLeadingTabs(raw) : raw);
      }
      if (!terminated) {
        throw new DockerfileException(start, "heredoc <<" + h.name() + " has no end (add a line "
            + "\"" + h.name() + "\" after its content)");
      }
      out.add(new Heredoc(h.name(), content.toString(), h.expand(), h.chomp(),
          h.fileDescriptor()));
    }
    return out;
  }

  /** Appends {@code line} without its continuation escape; true when the instruction ends. */
  private boolean appendContinued(StringBuilder logical, String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    boolean continued = end > 0 && line.charAt(end - 1) == escape
        && (end == 1 || line.charAt(end - 2) != escape);
    logical.append(line, 0, continued ? end - 1 : line.length());
    return !continued;
  }

  /** Records a parser directive if {@code line} is one and directives may still come. */
  private void directive(String line) throws DockerfileException {
    if (directivesDone) {
      return;
    }
    Map.Entry<String, String> d = Directives.parse(line);
    if (d == null) {
      directivesDone = true;
      return;
    }
    if (directives.containsKey(d.getKey())) {
      throw new DockerfileException(lines.lineNumber(), "only one " + d.getKey()
          + " parser directive can be used");
    }
    if (d.getKey().equals("escape")) {
      if (!d.getValue().equals("\\") && !d.getValue().equals("`")) {
        throw new DockerfileException(lines.lineNumber(), "invalid escape token '"
            + d.getValue() + "' (use ` or \\)");
      }
      escape = d.getValue().charAt(0);
    }
    directives.put(d.getKey(), d.getValue());
  }

  static boolean isComment(String line) {
    String s = stripLeft(line);
    return !s.isEmpty() && s.charAt(0) == '#';
  }

  static String stripLeft(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripLineEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }
}
