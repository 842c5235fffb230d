package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;

/** jaci convert to the appc side (an ACI file or the store). */
final class ConvertToAci {
  private ConvertToAci() {}

  static int run(ConvertCommand command, Console console, ImageLocation from, ImageLocation to)
      throws JaciException {
    throw new JaciException("conversion to " + to + " is not written yet");
  }
}
