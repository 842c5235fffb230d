package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.trust.KeyDownload;
import io.jaci.core.trust.KeyPrefix;
import io.jaci.core.trust.OpenPgpKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the public keys of a name prefix, as {@code jaci trust add --prefix NAME} without a
 * key file does: meta discovery of NAME ({@code ac-discovery-pubkeys}, walking up its path
 * segments as {@link Discovery#discoverKeys} does, HTTPS first), then each key URL
 * downloaded with {@link KeyDownload} (timeouts, read up to {@link
 * OpenPgpKey#MAX_KEY_FILE_BYTES}). Nothing is trusted here: the caller shows the keys and
 * asks (a key trusted unseen was rkt#1880).
 *
 * <p>Plain HTTP, for the page or a key, only with both {@link InsecureOptions#PUBKEY} and
 * {@link InsecureOptions#HTTP}: a page changed on the way names the attacker's keys as surely
 * as a changed key file.
 */
public final class PublicKeyDiscovery {
  /** The most key URLs taken from a page. */
  static final int MAX_KEY_URLS = 16;

  private final Discovery pages;
  private final KeyDownload keys;
  private final boolean http;

  public PublicKeyDiscovery(Duration timeout, Set<InsecureOptions> insecure) {
    this.http = insecure.contains(InsecureOptions.PUBKEY)
        && insecure.contains(InsecureOptions.HTTP);
    this.pages = new Discovery(timeout, http ? EnumSet.of(InsecureOptions.HTTP)
        : EnumSet.noneOf(InsecureOptions.class));
    this.keys = new KeyDownload(timeout, http);
  }

  PublicKeyDiscovery(Discovery pages, KeyDownload keys, boolean http) {
    this.pages = pages;
    this.keys = keys;
    this.http = http;
  }

  /** The keys found for a prefix: where they were named and where each came from. */
  public record Found(KeyPrefix prefix, URI page, List<Source> keys) {
    public Found {
      keys = List.copyOf(keys);
    }
  }

  /** A downloaded key and its URL. */
  public record Source(URI url, OpenPgpKey key) {}

  /**
   * The keys of {@code prefix}: an AC identifier, whose host may carry a port for the
   * connection only ({@code 127.0.0.1:8080/example.com/app} is the prefix {@code
   * 127.0.0.1/example.com/app}).
   *
   * @throws IllegalArgumentException when {@code prefix} is not a name (a version or labels
   *     given, not an AC identifier)
   * @throws JaciException naming the URLs tried when no page named a key, or the key URL that
   *     could not be fetched or read
   */
  public Found discover(String prefix) throws JaciException {
    ImageRequest request = ImageRequest.parse(prefix);
    if (request.app().version().isPresent() || !request.app().labels().isEmpty()) {
      throw new IllegalArgumentException("invalid prefix \"" + prefix + "\": a name prefix has"
          + " no version or labels");
    }
    KeyPrefix keyPrefix = KeyPrefix.of(request.app().name().value());
    Endpoints e;
    try {
      e = pages.discoverKeys(request);
    } catch (JaciException notFound) {
      if (http) {
        throw notFound;
      }
      throw new JaciException(notFound.getMessage() + " (plain http:// is tried only with"
          + " --insecure-options=pubkey,http)", notFound);
    }
    List<URI> urls = e.keys().stream().distinct().limit(MAX_KEY_URLS).toList();
    Map<String, Source> found = new LinkedHashMap<>();
    for (URI url : urls) {
      for (OpenPgpKey k : keys.fetch(url)) {
        found.putIfAbsent(k.fingerprint().toString(), new Source(url, k));
      }
    }
    return new Found(keyPrefix, e.page(), new ArrayList<>(found.values()));
  }
}
