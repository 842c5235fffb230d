package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code jaci push} starts an upload: an http(s) URL given outright (a server's base URL
 * or its {@code .../startupload} URL), or found by meta discovery of the image's name through
 * the {@code ac-push-discovery} tag (as acpush did), the name's port used for the connection
 * only ({@code 127.0.0.1:8080/example.com/app}).
 */
public final class PushEndpoint {
  private static final int MAX_PAGE = 1 << 20;
  private static final int MAX_TAGS = 1000;
  private static final Pattern META = Pattern.compile("<meta\\s[^>]{0,2000}>",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "(name|content)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  private PushEndpoint() {}

  /**
   * The start URL for pushing the image of {@code manifest} to {@code target}.
   *
   * @throws JaciException naming the URLs tried when discovery finds no endpoint
   */
  public static URI find(String target, ImageManifest manifest, boolean allowHttp,
      Duration timeout) throws JaciException {
    String name = manifest.name().value();
    if (target.startsWith("http://") || target.startsWith("https://")) {
      String url = target.endsWith("/startupload") ? target
          : target.replaceAll("/+$", "") + "/" + name + "/startupload";
      return uri(url);
    }
    int slash = target.indexOf('/');
    String authority = slash < 0 ? target : target.substring(0, slash);
    String host = authority.replaceFirst(":\\d{1,5}$", "");
    String path = slash < 0 ? "" : target.substring(slash);
    if (!(host + path).equals(name)) {
      throw new JaciException("the image is named " + name + ", not " + host + path
          + ": push it under its own name");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    List<String> tried = new ArrayList<>();
    for (String scheme : allowHttp ? List.of("https", "http") : List.of("https")) {
      String p = path;
      while (true) {
        String page = scheme + "://" + authority + p + "?ac-discovery=1";
        tried.add(page);
        Optional<URI> found = endpoint(http, uri(page), name, timeout);
        if (found.isPresent()) {
          return found.get();
        }
        if (p.isEmpty()) {
          break;
        }
        p = p.substring(0, p.lastIndexOf('/'));
      }
    }
    throw new JaciException("no ac-push-discovery tag for " + name + " (tried "
        + String.join(", ", tried.subList(0, Math.min(4, tried.size())))
        + (tried.size() > 4 ? ", ..." : "") + (allowHttp ? "" : "; plain HTTP needs --insecure")
        + ")");
  }

  private static Optional<URI> endpoint(HttpClient http, URI page, String name,
      Duration timeout) throws JaciException {
    String html;
    try {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(page)
          .timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          return Optional.empty();
        }
        html = new String(in.readNBytes(MAX_PAGE), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("discovering the push endpoint: interrupted");
    }
    Matcher meta = META.matcher(html);
    for (int n = 0; n < MAX_TAGS && meta.find(); n++) {
      String tagName = null;
      String content = null;
      Matcher a = ATTRIBUTE.matcher(meta.group());
      while (a.find()) {
        if (a.group(1).equalsIgnoreCase("name")) {
          tagName = a.group(2);
        } else {
          content = unescape(a.group(2));
        }
      }
      if (!"ac-push-discovery".equals(tagName) || content == null) {
        continue;
      }
      String[] parts = content.strip().split("\\s+");
      // whole path segments: the prefix example.com/app is not a prefix of example.com/apple
      if (parts.length == 2 && (name.equals(parts[0]) || name.startsWith(parts[0] + "/"))) {
        String url = parts[1].replace("{name}", name);
        if (!url.contains("{")) {
          return Optional.of(uri(url));
        }
      }
    }
    return Optional.empty();
  }

  private static String unescape(String text) {
    return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&");
  }

  private static URI uri(String text) throws JaciException {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new JaciException("not a URL: " + io.jaci.core.ShortText.cut(text, 200));
    }
  }
}
