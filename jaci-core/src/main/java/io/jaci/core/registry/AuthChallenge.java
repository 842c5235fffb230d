package io.jaci.core.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), e.g. {@code Bearer
 * realm="https://auth.example.com/token",service="registry",scope="repository:a:pull"}.
 *
 * @param scheme lower-cased ({@code bearer}, {@code basic})
 * @param parameters names lower-cased, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {
  AuthChallenge {
    parameters = Map.copyOf(parameters);
  }

  String parameter(String name) {
    return parameters.get(name);
  }

  /**
   * Every challenge in {@code headers} (a header may hold several, comma-separated), in
   * order; malformed parts are skipped rather than failing the request.
   */
  static List<AuthChallenge> parse(List<String> headers) {
    List<AuthChallenge> out = new ArrayList<>();
    for (String header : headers) {
      new Parser(header).challenges(out);
    }
    return out;
  }

  /** The first challenge of {@code scheme}, or null. */
  static AuthChallenge find(List<AuthChallenge> challenges, String scheme) {
    for (AuthChallenge c : challenges) {
      if (c.scheme().equals(scheme)) {
        return c;
      }
    }
    return null;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    void challenges(List<AuthChallenge> out) {
      skip(" \t,");
      while (i < s.length()) {
        String scheme = token();
        if (scheme.isEmpty()) {
          i++; // a stray character: skip it
          skip(" \t,");
          continue;
        }
        Map<String, String> params = new LinkedHashMap<>();
        skip(" \t");
        while (i < s.length()) {
          int start = i;
          String name = token();
          skip(" \t");
          if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
            i = start; // not a parameter: the next challenge starts here
            break;
          }
          i++;
          skip(" \t");
          params.put(name.toLowerCase(Locale.ROOT), value());
          skip(" \t");
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
            skip(" \t");
          }
        }
        out.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
        skip(" \t,");
      }
    }

    private String value() {
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          b.append(c);
        }
        i++; // closing quote (or past the end of a truncated value)
        return b.toString();
      }
      int start = i;
      while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ') {
        i++;
      }
      return s.substring(start, i);
    }

    private String token() {
      int start = i;
      while (i < s.length() && "!#$%&'*+-.^_`|~".indexOf(s.charAt(i)) >= 0
          || i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }
  }
}
