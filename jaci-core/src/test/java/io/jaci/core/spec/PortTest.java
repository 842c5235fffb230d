package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from the reference {@code types/port_test.go}, plus the range edges. */
class PortTest {
  private static final AcName NAME = AcName.parse("www");

  @ParameterizedTest
  @CsvSource({"32456, 100", "1, 1", "65535, 1", "1, 65535", "8080, 1"})
  void acceptsValidPorts(int port, int count) {
    Port p = new Port(NAME, "tcp", port, count, false);
    assertThat(p.port()).isEqualTo(port);
    assertThat(p.count()).isEqualTo(count);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "88888 | 1     | port: 88888 is outside 1..65535",
      "0     | 1     | port: 0 is outside 1..65535",
      "32456 | 45678 | count: ports 32456..78133 go past 65535",
      "65535 | 2     | count: ports 65535..65536 go past 65535",
      "80    | 0     | count: 0 must be at least 1"})
  void rejectsInvalidPorts(int port, int count, String message) {
    assertThatThrownBy(() -> new Port(NAME, "tcp", port, count, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"''"})
  void rejectsEmptyProtocol(String protocol) {
    assertThatThrownBy(() -> Port.of(NAME, protocol, 80))
        .hasMessage("protocol: must not be empty (e.g. \"tcp\" or \"udp\")");
  }
}
