package io.jaci.core.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ac-discovery} and {@code ac-discovery-pubkeys} meta tags of a discovery page.
 * The page is read up to a bound before this; at most {@link #MAX_TAGS} tags are taken and
 * a page with more is refused (a hostile page could otherwise make thousands of requests).
 */
final class MetaTags {
  static final int MAX_TAGS = 200;
  static final String DISCOVERY = "ac-discovery";
  static final String PUBKEYS = "ac-discovery-pubkeys";

  private static final Pattern META = Pattern.compile("<meta\\b([^>]{0,4096})>",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "([a-zA-Z-]{1,32})\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");

  /** A meta tag's {@code content}: a name prefix and a URL template (or a key URL). */
  record Tag(String kind, String prefix, String value) {}

  private MetaTags() {}

  /**
   * The discovery tags of {@code html}, in page order.
   *
   * @throws IllegalArgumentException when the page has more than {@link #MAX_TAGS} of them
   */
  static List<Tag> parse(String html) {
    List<Tag> tags = new ArrayList<>();
    Matcher m = META.matcher(html);
    while (m.find()) {
      String name = null;
      String content = null;
      Matcher a = ATTRIBUTE.matcher(m.group(1));
      while (a.find()) {
        String value = a.group(2) != null ? a.group(2)
            : a.group(3) != null ? a.group(3) : a.group(4);
        switch (a.group(1).toLowerCase(Locale.ROOT)) {
          case "name" -> name = value;
          case "content" -> content = value;
          default -> { }
        }
      }
      if (name == null || content == null
          || !(name.equals(DISCOVERY) || name.equals(PUBKEYS))) {
        continue;
      }
      String[] parts = unescape(content).trim().split("\\s+");
      if (parts.length != 2) {
        continue; // not "PREFIX URL": ignored, as appc's discovery does
      }
      if (tags.size() == MAX_TAGS) {
        throw new IllegalArgumentException("the page has more than " + MAX_TAGS
            + " discovery meta tags");
      }
      tags.add(new Tag(name, parts[0], parts[1]));
    }
    return tags;
  }

  /** Whether {@code prefix} is {@code name} or its first whole path segments (appc/spec#592). */
  static boolean prefixMatches(String prefix, String name) {
    return name.equals(prefix)
        || (name.startsWith(prefix) && !prefix.isEmpty() && !prefix.endsWith("/")
            && name.charAt(prefix.length()) == '/');
  }

  private static String unescape(String s) {
    return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&lt;", "<").replace("&gt;", ">");
  }
}
