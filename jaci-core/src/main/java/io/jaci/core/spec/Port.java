package io.jaci.core.spec;

import java.util.Objects;

/**
 * A port (or a range of {@code count} ports from {@code port}) an app listens on. Ports are 1 to
 * 65535, {@code count} is at least 1, and the range must end at 65535 at the latest.
 */
public record Port(AcName name, String protocol, int port, int count, boolean socketActivated) {

  /**
   * Checks the numbers and that a protocol is set.
   *
   * @throws IllegalArgumentException listing what is wrong, e.g. {@code port: 0 is outside
   *     1..65535}
   */
  public Port {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Problems problems = Problems.collecting();
    check(problems, protocol, port, count);
    problems.throwIfAny();
  }

  /** A single port that is not socket-activated. */
  public static Port of(AcName name, String protocol, int port) {
    return new Port(name, protocol, port, 1, false);
  }

  static void check(Problems problems, String protocol, long port, long count) {
    if (protocol.isEmpty()) {
      problems.at("protocol").add("must not be empty (e.g. \"tcp\" or \"udp\")");
    }
    if (port < 1 || port > 65535) {
      problems.at("port").add(port + " is outside 1..65535");
    }
    if (count < 1) {
      problems.at("count").add(count + " must be at least 1");
    } else if (port >= 1 && port <= 65535 && port + count > 65536) {
      problems.at("count").add(
          "ports " + port + ".." + (port + count - 1) + " go past 65535");
    }
  }
}
