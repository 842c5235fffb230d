package io.jaci.core.deb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads control-file paragraphs one at a time (deb822: {@code Name: value} fields,
 * continuation lines starting with a space or tab, paragraphs separated by blank lines,
 * {@code #} comment lines ignored), so that a {@code Packages} index of tens of megabytes
 * streams through.
 */
public final class ControlFileReader implements AutoCloseable {
  private final BufferedReader in;
  private final String source;
  private int lineNumber;

  /** Reads {@code in} as UTF-8; {@code source} names it in error messages. */
  public ControlFileReader(InputStream in, String source) {
    this(new InputStreamReader(in, StandardCharsets.UTF_8), source);
  }

  public ControlFileReader(Reader in, String source) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    this.source = source;
  }

  /** Every paragraph of {@code text}. */
  public static List<ControlParagraph> parseAll(String text, String source)
      throws ControlFileException {
    List<ControlParagraph> all = new ArrayList<>();
    try (ControlFileReader r = new ControlFileReader(new StringReader(text), source)) {
      for (ControlParagraph p = r.next(); p != null; p = r.next()) {
        all.add(p);
      }
    } catch (ControlFileException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError(e); // a StringReader does not fail
    }
    return all;
  }

  /** The next paragraph, or {@code null} at the end. */
  public ControlParagraph next() throws IOException {
    List<String> names = new ArrayList<>(24);
    List<String> values = new ArrayList<>(24);
    String value = null;
    StringBuilder multi = null;
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (!names.isEmpty()) {
          break;
        }
        continue;
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (names.isEmpty()) {
          throw new ControlFileException(source + ": line " + lineNumber
              + ": continuation line without a field");
        }
        if (multi == null) {
          multi = new StringBuilder(value);
        }
        String cont = line.substring(1);
        multi.append('\n').append(cont.equals(".") ? "" : cont);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ControlFileException(source + ": line " + lineNumber
            + ": expected \"Field: value\", got \"" + shorten(line) + "\"");
      }
      if (!names.isEmpty()) {
        values.add(multi != null ? multi.toString() : value);
      }
      multi = null;
      names.add(line.substring(0, colon));
      value = line.substring(colon + 1).strip();
    }
    if (names.isEmpty()) {
      return null;
    }
    values.add(multi != null ? multi.toString() : value);
    return new ControlParagraph(names.toArray(new String[0]), values.toArray(new String[0]));
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** A control file that does not follow the format. */
  public static final class ControlFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public ControlFileException(String message) {
      super(message);
    }
  }
}
