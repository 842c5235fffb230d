package io.jaci.core.deb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One package relation of a {@code Depends}-style field, e.g. {@code libc6:any (>= 2.34)
 * [amd64 arm64]}.
 *
 * @param name the package (or virtual package) name
 * @param archQualifier {@code any}, {@code native}, an architecture, or empty
 * @param op the version operator, or null when no version is required
 * @param version the version the operator compares with, or null
 * @param architectures the {@code [...]} restriction as written ({@code !} for negation),
 *     empty when the relation applies everywhere
 */
public record Relation(String name, String archQualifier, Op op, DebianVersion version,
    List<String> architectures) {
  private static final java.util.regex.Pattern PACKAGE_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9+.-]*");

  /** The version operators; {@code <} and {@code >} are dpkg's obsolete forms of <= and >=. */
  public enum Op {
    EARLIER("<<"), EARLIER_EQUAL("<="), EQUAL("="), LATER_EQUAL(">="), LATER(">>");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** How the operator is written. */
    public String symbol() {
      return symbol;
    }

    static Op parse(String s) {
      switch (s) {
        case "<<":
          return EARLIER;
        case "<=":
        case "<":
          return EARLIER_EQUAL;
        case "=":
          return EQUAL;
        case ">=":
        case ">":
          return LATER_EQUAL;
        case ">>":
          return LATER;
        default:
          return null;
      }
    }

    /** Whether {@code candidate OP required} holds. */
    public boolean test(DebianVersion candidate, DebianVersion required) {
      int c = candidate.compareTo(required);
      switch (this) {
        case EARLIER:
          return c < 0;
        case EARLIER_EQUAL:
          return c <= 0;
        case EQUAL:
          return c == 0;
        case LATER_EQUAL:
          return c >= 0;
        default:
          return c > 0;
      }
    }
  }

  public Relation {
    Objects.requireNonNull(name, "name");
    archQualifier = archQualifier == null ? "" : archQualifier;
    architectures = List.copyOf(architectures);
    if ((op == null) != (version == null)) {
      throw new IllegalArgumentException("operator and version go together");
    }
  }

  /** Whether a package of version {@code candidate} satisfies the version part. */
  public boolean acceptsVersion(DebianVersion candidate) {
    return op == null || op.test(candidate, version);
  }

  /** Whether the relation applies when building for {@code arch} (its {@code [...]} list). */
  public boolean appliesTo(String arch) {
    if (architectures.isEmpty()) {
      return true;
    }
    boolean negated = architectures.get(0).startsWith("!");
    for (String a : architectures) {
      String plain = a.startsWith("!") ? a.substring(1) : a;
      if (plain.equals(arch) || plain.equals("any") || plain.equals("linux-any")) {
        return !negated;
      }
    }
    return negated;
  }

  /**
   * Parses a whole field: groups separated by commas, alternatives by {@code |}.
   *
   * @throws IllegalArgumentException naming the field text and the bad part
   */
  public static List<List<Relation>> parseField(String field) {
    List<List<Relation>> groups = new ArrayList<>();
    for (String group : field.split(",")) {
      if (group.isBlank()) {
        continue;
      }
      List<Relation> alternatives = new ArrayList<>();
      for (String alt : group.split("\\|")) {
        alternatives.add(parse(alt, field));
      }
      groups.add(List.copyOf(alternatives));
    }
    return List.copyOf(groups);
  }

  /** Parses one relation such as {@code foo:any (>= 1.2) [amd64]}. */
  public static Relation parse(String text) {
    return parse(text, text);
  }

  private static Relation parse(String text, String field) {
    String s = text.strip();
    // build profiles (<!nocheck>) only matter to source packages: dropped
    int lt = s.indexOf('<');
    int paren = s.indexOf('(');
    if (lt >= 0 && (paren < 0 || lt < paren)) {
      s = s.substring(0, lt).strip();
    }
    List<String> archs = new ArrayList<>();
    int bracket = s.indexOf('[');
    if (bracket >= 0) {
      int end = s.indexOf(']', bracket);
      if (end < 0) {
        throw bad(field, "unclosed [");
      }
      for (String a : s.substring(bracket + 1, end).strip().split("\\s+")) {
        if (!a.isEmpty()) {
          archs.add(a);
        }
      }
      s = (s.substring(0, bracket) + s.substring(end + 1)).strip();
    }
    Op op = null;
    DebianVersion version = null;
    paren = s.indexOf('(');
    if (paren >= 0) {
      int end = s.indexOf(')', paren);
      if (end < 0) {
        throw bad(field, "unclosed (");
      }
      String inside = s.substring(paren + 1, end).strip();
      int i = 0;
      while (i < inside.length() && "<=>".indexOf(inside.charAt(i)) >= 0) {
        i++;
      }
      op = Op.parse(inside.substring(0, i));
      if (op == null) {
        throw bad(field, "unknown operator in \"(" + inside + ")\"");
      }
      try {
        version = DebianVersion.parse(inside.substring(i));
      } catch (IllegalArgumentException e) {
        throw bad(field, e.getMessage());
      }
      s = s.substring(0, paren).strip();
    }
    String qualifier = "";
    int colon = s.indexOf(':');
    if (colon >= 0) {
      qualifier = s.substring(colon + 1);
      s = s.substring(0, colon);
    }
    if (!PACKAGE_NAME.matcher(s).matches()) {
      throw bad(field, "\"" + s + "\" is not a package name");
    }
    return new Relation(s, qualifier, op, version, archs);
  }

  private static IllegalArgumentException bad(String field, String why) {
    return new IllegalArgumentException("invalid relation \"" + field.strip() + "\": " + why);
  }

  /** The version part, e.g. {@code (>= 2.34)}, if any. */
  public Optional<String> versionText() {
    return op == null ? Optional.empty() : Optional.of("(" + op.symbol() + " " + version + ")");
  }

  @Override
  public String toString() {
    return name + (archQualifier.isEmpty() ? "" : ":" + archQualifier)
        + versionText().map(v -> " " + v).orElse("");
  }
}
