package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;

/** jaci convert to the Docker/OCI side (registry, docker-archive, OCI layout). */
final class ConvertToOci {
  private ConvertToOci() {}

  static int run(ConvertCommand command, Console console, ImageLocation from, ImageLocation to)
      throws JaciException {
    throw new JaciException("conversion to " + to + " is not written yet");
  }
}
