package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the reference {@code types/resource/quantity_test.go} (TestQuantityParse). */
class ResourceQuantityTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0", "0n, 0", "0m, 0", "0Ki, 0", "0G, 0", "1, 1",
      "1Ki, 1024", "8Ki, 8192", "7Mi, 7340032", "6Gi, 6442450944", "5Ti, 5497558138880",
      "4Pi, 4503599627370496", "3Ei, 3458764513820540928",
      "5n, 0.000000005", "4u, 0.000004", "3m, 0.003", "8k, 8000", "50k, 50000", "7M, 7000000",
      "6G, 6000000000", "5T, 5000000000000", "2P, 2000000000000000", "1E, 1000000000000000000",
      "1E-3, 0.001", "1e3, 1000", "1E6, 1000000", "100.035k, 100035", "0.001, 0.001",
      "0.0005k, 0.5", "0.5e-1, 0.05", "10.035M, 10035000", "1.2e3, 1200", "1.3E+6, 1300000",
      "9.01, 9.01", "8.1k, 8100", "0.5Mi, 524288", ".001, 0.001", ".0001k, 0.1", "1., 1",
      "1.G, 1000000000", "500m, 0.5", "256Mi, 268435456", "1.5, 1.5", "-1G, -1000000000",
      "+1k, 1000"})
  void parse_amount(String text, String amount) {
    ResourceQuantity q = ResourceQuantity.parse(text);
    assertThat(q.amount()).isEqualByComparingTo(new BigDecimal(amount));
    assertThat(q.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i",
      "-3.01i", "-3.01e-", " 1", "1 ", ".", "1KB"})
  void parse_rejectsInvalid(String text) {
    assertThatThrownBy(() -> ResourceQuantity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid resource quantity \"" + text + "\": ");
  }

  @Test
  void parse_isExact_unlikeTheReferenceWhichRoundsToNano() {
    assertThat(ResourceQuantity.parse("3.001n").amount())
        .isEqualByComparingTo(new BigDecimal("0.000000003001"));
  }

  @Test
  void compareTo_byAmount_equalsByText() {
    ResourceQuantity g = ResourceQuantity.parse("1G");
    ResourceQuantity m = ResourceQuantity.parse("1000M");
    assertThat(g.compareTo(m)).isZero();
    assertThat(g).isNotEqualTo(m).isEqualTo(ResourceQuantity.parse("1G"));
    assertThat(ResourceQuantity.parse("1Gi")).isGreaterThan(g);
  }
}
