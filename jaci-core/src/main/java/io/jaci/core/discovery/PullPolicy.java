package io.jaci.core.discovery;

/** When {@code fetch} asks the server, as rkt's {@code --pull-policy}. */
public enum PullPolicy {
  /** Use the store only; an image not there is an error. */
  NEVER,
  /**
   * Use the store when it has a (verified) match: by name any stored image with the name and
   * labels, by URL the image last fetched from it while {@code Cache-Control: max-age} says it
   * is fresh (then asked with {@code If-None-Match}); else fetch.
   */
  NEW,
  /**
   * Ask the server every time, whatever max-age said ({@code If-None-Match}); a 304 reuses the
   * stored image.
   */
  UPDATE
}
