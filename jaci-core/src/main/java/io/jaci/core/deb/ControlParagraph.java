package io.jaci.core.deb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One paragraph of a Debian control file (a package's {@code control}, a {@code Packages}
 * index entry, a {@code Release} file): fields in their order, names compared without case,
 * multi-line values kept with their newlines (continuation lines without their leading space).
 */
public final class ControlParagraph {
  private final Map<String, Field> fields;

  private record Field(String name, String value) {}

  ControlParagraph(Map<String, String> ordered) {
    Map<String, Field> m = new LinkedHashMap<>();
    ordered.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), new Field(k, v)));
    this.fields = Collections.unmodifiableMap(m);
  }

  /** The value of field {@code name} (any case), if present. */
  public Optional<String> get(String name) {
    Field f = fields.get(name.toLowerCase(Locale.ROOT));
    return f == null ? Optional.empty() : Optional.of(f.value());
  }

  /** The value of field {@code name}, or an empty string. */
  public String getOrEmpty(String name) {
    return get(name).orElse("");
  }

  /** Field names and values in the order of the file. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    fields.values().forEach(f -> m.put(f.name(), f.value()));
    return m;
  }

  /**
   * The paragraph as control-file text, each continuation line indented by one space
   * (an empty line as {@code " ."}), ending with a newline.
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (Field f : fields.values()) {
      appendField(b, f.name(), f.value());
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
