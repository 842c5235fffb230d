package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --memory} and {@code --cpu} take appc quantities (ace.md, Resource Isolators). */
class ResourceOverridesTest {

  @ParameterizedTest
  @CsvSource({
      "256M, 256000000", "256Mi, 268435456", "1G, 1000000000", "1Gi, 1073741824",
      "128974848, 128974848", "125952Ki, 128974848", "123Mi, 128974848", "1.5Ki, 1536"})
  void memory_bytes(String text, long bytes) {
    assertThat(ResourceOverrides.memoryBytes(ResourceOverrides.parseMemory(text), "--memory"))
        .isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"500m, 50000", "1, 100000", "2.5, 250000", "10m, 1000", "0.0101, 1010"})
  void cpu_quotaPer100ms(String text, long quota) {
    assertThat(ResourceOverrides.cpuQuota(ResourceOverrides.parseCpu(text), "--cpu"))
        .isEqualTo(quota);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "256MB  | --memory: invalid resource quantity \"256MB\": unknown suffix \"MB\"",
      "lots   | --memory: invalid resource quantity \"lots\"",
      "500m   | --memory 500m: 0.500 is not a whole number of bytes (m means milli); write e.g. 256Mi or 256M",
      "0      | --memory 0: must be more than 0 bytes",
      "-1G    | --memory -1G: must be more than 0 bytes",
      "9Ei    | --memory 9Ei: too large, at most 8Ei"})
  void memory_rejects(String text, String message) {
    assertThatThrownBy(() -> ResourceOverrides.parseMemory(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "half | --cpu: invalid resource quantity \"half\"",
      "5m   | --cpu 5m: below the smallest CPU limit the kernel takes, 10m (1 ms per 100 ms)",
      "0    | --cpu 0: below the smallest",
      "2M   | --cpu 2M: too large, at most 1M cores"})
  void cpu_rejects(String text, String message) {
    assertThatThrownBy(() -> ResourceOverrides.parseCpu(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
