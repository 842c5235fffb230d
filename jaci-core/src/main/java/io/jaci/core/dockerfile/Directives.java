package io.jaci.core.dockerfile;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parser directives: {@code # escape=`}, {@code # syntax=...}, {@code # check=...}. */
final class Directives {
  private static final Pattern DIRECTIVE =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*");
  private static final Set<String> VALID = Set.of("syntax", "escape", "check");

  private Directives() {}

  /** The directive {@code line} holds (name lower-cased), or null if it is none. */
  static Map.Entry<String, String> parse(String line) {
    if (!line.startsWith("#") || line.length() > 4096) {
      return null;
    }
    Matcher m = DIRECTIVE.matcher(DockerfileParser.stripLeft(line.substring(1)));
    if (!m.matches()) {
      return null;
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    return VALID.contains(name) ? Map.entry(name, m.group(2)) : null;
  }
}
