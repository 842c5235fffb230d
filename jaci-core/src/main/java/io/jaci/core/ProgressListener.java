package io.jaci.core;

/**
 * Hears how far a long operation has come, so that a front end can draw a progress bar.
 * Calls come from the thread doing the work.
 */
public interface ProgressListener {
  /** Does nothing. */
  ProgressListener NONE = new ProgressListener() {};

  /** The work starts; {@code totalBytes} is how much it will go through, or -1 if unknown. */
  default void start(String task, long totalBytes) {}

  /** {@code bytes} more are done. */
  default void advance(long bytes) {}

  /** The work is over, successfully or not. */
  default void finish() {}
}
