package io.jaci.core.deb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One paragraph of a Debian control file (a package's {@code control}, a {@code Packages}
 * index entry, a {@code Release} file): fields in their order, names compared without case,
 * multi-line values kept with their newlines (continuation lines without their leading space).
 */
public final class ControlParagraph {
  // parallel arrays: a paragraph has a few dozen fields at most, and an index has tens of
  // thousands of paragraphs, so a linear search beats building a map for each
  private final String[] names;
  private final String[] values;

  ControlParagraph(Map<String, String> ordered) {
    this(ordered.keySet().toArray(new String[0]), ordered.values().toArray(new String[0]));
  }

  ControlParagraph(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** The value of field {@code name} (any case), if present. */
  public Optional<String> get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return Optional.of(values[i]);
      }
    }
    return Optional.empty();
  }

  /** The value of field {@code name}, or an empty string. */
  public String getOrEmpty(String name) {
    return get(name).orElse("");
  }

  /** Field names and values in the order of the file. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.putIfAbsent(names[i], values[i]);
    }
    return m;
  }

  /**
   * The paragraph as control-file text, each continuation line indented by one space
   * (an empty line as {@code " ."}), ending with a newline.
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      appendField(b, names[i], values[i]);
    }
    return b.toString();
  }

  static void appendField(StringBuilder b, String name, String value) {
    b.append(name).append(':');
    String[] lines = value.split("\n", -1);
    if (!lines[0].isEmpty()) {
      b.append(' ').append(lines[0]);
    }
    b.append('\n');
    for (int i = 1; i < lines.length; i++) {
      b.append(' ').append(lines[i].isEmpty() ? "." : lines[i]).append('\n');
    }
  }

  @Override
  public String toString() {
    return toText();
  }
}
