package io.jaci.core.dockerfile;

/** The lines of a text, with their numbers; a leading byte-order mark is dropped. */
final class PhysicalLines {
  private final String text;
  private int pos;
  private int number;

  PhysicalLines(String text) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  boolean hasNext() {
    return pos < text.length();
  }

  /** The number of the line last returned (1-based), 0 before the first. */
  int lineNumber() {
    return number;
  }

  /** The next line without its {@code \n} or {@code \r\n}. */
  String next() {
    String l = nextWithEnd();
    int end = l.length();
    while (end > 0 && (l.charAt(end - 1) == '\n' || l.charAt(end - 1) == '\r')) {
      end--;
    }
    return l.substring(0, end);
  }

  /** The next line with its line end, if it has one. */
  String nextWithEnd() {
    int nl = text.indexOf('\n', pos);
    int end = nl < 0 ? text.length() : nl + 1;
    String l = text.substring(pos, end);
    pos = end;
    number++;
    return l;
  }
}
