package io.jaci.core.tar;

import java.io.IOException;

/** The bytes are not a tar archive jaci can read, or are damaged; the message says where. */
public final class TarFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TarFormatException(String message) {
    super(message);
  }
}
