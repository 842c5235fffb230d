package io.jaci.core.discovery;

/** When {@code fetch} asks the server, as rkt's {@code --pull-policy}. */
public enum PullPolicy {
  /** Use the store only; an image not there is an error. */
  NEVER,
  /** Use the store when it has a (verified) match; else fetch. */
  NEW,
  /** Ask the server every time ({@code If-None-Match}); a 304 reuses the stored image. */
  UPDATE
}
