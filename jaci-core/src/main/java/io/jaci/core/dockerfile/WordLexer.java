package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One run of {@link ShellWordExpander} over one text. Nested {@code ${...}} recurse, at most
 * {@link ShellWordExpander#MAX_DEPTH} deep, so the stack stays small whatever the input.
 */
final class WordLexer {
  private static final int EOF = -1;

  private final String text;
  private final int[] in;
  private final char escape;
  private final Function<String, String> env;
  private final boolean literalQuotes;
  private final boolean splitting;
  private int pos;
  private int depth;

  private final List<String> words = new ArrayList<>();
  private final StringBuilder current = new StringBuilder();
  private boolean inWord;

  /**
   * @param literalQuotes quotes are ordinary characters (heredoc content)
   * @param splitting split into words on unquoted whitespace
   */
  WordLexer(String text, char escape, Function<String, String> env, boolean literalQuotes,
      boolean splitting) {
    this.text = text;
    this.in = text.codePoints().toArray();
    this.escape = escape;
    this.env = env;
    this.literalQuotes = literalQuotes;
    this.splitting = splitting;
  }

  String word() throws DockerfileException {
    return process(EOF, false, true);
  }

  List<String> words() throws DockerfileException {
    process(EOF, false, true);
    if (current.length() > 0) {
      words.add(current.toString());
    }
    return words;
  }

  /** Up to {@code stop} (consumed) or the end; {@code top} tracks words for splitting. */
  private String process(int stop, boolean rawEscapes, boolean top) throws DockerfileException {
    StringBuilder result = new StringBuilder();
    while (pos < in.length) {
      int ch = in[pos];
      if (stop != EOF && ch == stop) {
        pos++;
        return result.toString();
      }
      if ((ch == '\'' || ch == '"') && !literalQuotes) {
        String t = ch == '\'' ? singleQuoted() : doubleQuoted();
        result.append(t);
        if (top) {
          addRaw(t);
        }
        continue;
      }
      if (ch == '$') {
        String t = dollar();
        result.append(t);
        if (top) {
          t.codePoints().forEach(this::addSplitting);
        }
        continue;
      }
      pos++;
      if (ch == escape) {
        if (rawEscapes) {
          result.appendCodePoint(ch);
          if (top) {
            addRawChar(ch);
          }
        }
        if (pos >= in.length) {
          break; // an escape at the very end is dropped
        }
        ch = in[pos++];
        if (top) {
          addRawChar(ch);
        }
      } else if (top) {
        addSplitting(ch);
      }
      result.appendCodePoint(ch);
    }
    if (stop != EOF) {
      throw fail("unexpected end of statement while looking for matching "
          + Character.toString(stop));
    }
    return result.toString();
  }

  private String singleQuoted() throws DockerfileException {
    StringBuilder b = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= in.length) {
        throw fail("unexpected end of statement while looking for matching single-quote");
      }
      int ch = in[pos++];
      if (ch == '\'') {
        break;
      }
      b.appendCodePoint(ch);
    }
    return b.toString();
  }

  private String doubleQuoted() throws DockerfileException {
    StringBuilder b = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= in.length) {
        throw fail("unexpected end of statement while looking for matching double-quote");
      }
      int ch = in[pos];
      if (ch == '"') {
        pos++;
        break;
      }
      if (ch == '$') {
        b.append(dollar());
        continue;
      }
      pos++;
      if (ch == escape) {
        if (pos >= in.length) {
          continue;
        }
        int next = in[pos];
        if (next == '"' || next == '$' || next == escape) {
          ch = next;
          pos++;
        }
      }
      b.appendCodePoint(ch);
    }
    return b.toString();
  }

  private String dollar() throws DockerfileException {
    pos++;
    if (pos >= in.length || in[pos] != '{') {
      String name = name();
      if (name.isEmpty()) {
        return "$";
      }
      String v = env.apply(name);
      return v == null ? "" : v;
    }
    pos++;
    if (pos >= in.length) {
      throw fail("syntax error: missing '}'");
    }
    if (in[pos] == '{' || in[pos] == '}' || in[pos] == ':') {
      throw fail("syntax error: bad substitution");
    }
    if (++depth > ShellWordExpander.MAX_DEPTH) {
      throw fail("${...} nested more than " + ShellWordExpander.MAX_DEPTH + " deep");
    }
    try {
      return substitution(name());
    } finally {
      depth--;
    }
  }

  private String substitution(String name) throws DockerfileException {
    if (pos >= in.length) {
      throw fail("syntax error: missing '}'");
    }
    int ch = in[pos++];
    if (ch == '}') {
      String v = env.apply(name);
      return v == null ? "" : v;
    }
    if (ch == '/') {
      return Substitutions.replace(this, name);
    }
    boolean nullIsUnset = false;
    String modifier = Character.toString(ch);
    if (ch == ':') {
      nullIsUnset = true;
      if (pos >= in.length) {
        throw fail("syntax error: missing '}'");
      }
      ch = in[pos++];
      modifier += Character.toString(ch);
    }
    boolean pattern = ch == '#' || ch == '%';
    if ((ch != '+' && ch != '-' && ch != '?' && !pattern) || (nullIsUnset && pattern)) {
      throw fail("unsupported modifier (" + modifier + ") in substitution");
    }
    String word = until('}', pattern);
    return Substitutions.apply(this, name, ch, nullIsUnset, word);
  }

  /** The text up to {@code stop}, expanded; a missing stop is a missing '}'. */
  String until(int stop, boolean rawEscapes) throws DockerfileException {
    try {
      return process(stop, rawEscapes, false);
    } catch (DockerfileException e) {
      if (pos >= in.length) {
        throw fail("syntax error: missing '}'");
      }
      throw e;
    }
  }

  boolean peekIs(int ch) {
    return pos < in.length && in[pos] == ch;
  }

  void skip() {
    pos++;
  }

  String lookup(String name) {
    return env.apply(name);
  }

  /** A name: digits (positional), one special character, or letters, digits and '_'. */
  private String name() {
    int start = pos;
    if (pos < in.length && Character.isDigit(in[pos])) {
      while (pos < in.length && Character.isDigit(in[pos])) {
        pos++;
      }
    } else if (pos < in.length && "@*#?-$!".indexOf(in[pos]) >= 0) {
      pos++;
    } else {
      while (pos < in.length && (Character.isLetterOrDigit(in[pos]) || in[pos] == '_')) {
        pos++;
      }
    }
    return new String(in, start, pos - start);
  }

  DockerfileException fail(String message) {
    return new DockerfileException(0, message + " in \"" + io.jaci.core.ShortText.cut(text, 120)
        + "\"");
  }

  private void addSplitting(int ch) {
    if (!splitting) {
      return;
    }
    if (Character.isWhitespace(ch)) {
      if (inWord && current.length() > 0) {
        words.add(current.toString());
        current.setLength(0);
        inWord = false;
      }
    } else {
      addRawChar(ch);
    }
  }

  private void addRawChar(int ch) {
    current.appendCodePoint(ch);
    inWord = true;
  }

  private void addRaw(String s) {
    s.codePoints().forEach(this::addRawChar);
  }
}
