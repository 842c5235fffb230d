package io.jaci.core.dockerfile;

import java.util.List;
import java.util.function.Function;

/**
 * Expands variables and removes quotes in a Dockerfile word, as BuildKit's shell lexer does:
 * {@code $v}, {@code ${v}}, {@code ${v:-w}}, {@code ${v-w}}, {@code ${v:+w}}, {@code ${v+w}},
 * {@code ${v:?msg}}, {@code ${v?msg}}, {@code ${v#p}}, {@code ${v##p}}, {@code ${v%p}},
 * {@code ${v%%p}}, {@code ${v/p/r}}, {@code ${v//p/r}}; single quotes keep everything, double
 * quotes keep all but {@code $} and the escape, the escape character takes the next one
 * literally. Positional and special parameters ({@code $1}, {@code $@}...) are never set.
 *
 * <p>The environment is a function from name to value that returns null for an unset name
 * (which {@code ${v-w}} and {@code ${v:-w}} tell apart from an empty one). Nesting
 * ({@code ${a:-${b:-c}}}) is limited to {@value #MAX_DEPTH} levels.
 */
public final class ShellWordExpander {
  /** How deep {@code ${...}} may nest. */
  public static final int MAX_DEPTH = 64;

  private final char escape;

  /** An expander for the escape character {@code escape} ({@code \} or {@code `}). */
  public ShellWordExpander(char escape) {
    this.escape = escape;
  }

  /** The escape character. */
  public char escape() {
    return escape;
  }

  /**
   * {@code word} expanded as one word: whitespace in it and in values is kept.
   *
   * @throws DockerfileException (line 0) for bad syntax or a {@code ${v?msg}} of an unset v
   */
  public String expand(String word, Function<String, String> env) throws DockerfileException {
    return new WordLexer(word, escape, env, false, false).word();
  }

  /**
   * {@code text} expanded and split into words on unquoted whitespace, including whitespace
   * inside unquoted values ({@code EXPOSE $PORTS}).
   */
  public List<String> expandWords(String text, Function<String, String> env)
      throws DockerfileException {
    return new WordLexer(text, escape, env, false, true).words();
  }

  /**
   * {@code text} expanded as the shell expands an unquoted here-document, which is how BuildKit
   * expands the content of a {@code COPY <<EOF} or {@code ADD <<EOF}: quotes are ordinary
   * characters (a {@code '$v'} is expanded too), {@code \} escapes whatever the Dockerfile's
   * escape character.
   */
  public String expandRaw(String text, Function<String, String> env)
      throws DockerfileException {
    return new WordLexer(text, '\\', env, true, false).word();
  }
}
