package io.jaci.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * An isolator of an app: a name and a JSON value, e.g. {@code os/linux/capabilities-retain-set}
 * with {@code {"set": ["CAP_NET_BIND_SERVICE"]}}.
 *
 * <p>The values of the isolators appc defines are checked ({@code resource/cpu}, {@code
 * resource/memory}, {@code os/linux/cpu-shares}, ...; see the appc spec). Other names are
 * accepted with any value, as the spec allows; {@link #isKnown()} tells them apart so that
 * readers can warn.
 */
public record Isolator(String name, JsonNode value) {

  /** Checks the name and, for known isolators, the value; keeps a copy of the value. */
  public Isolator {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Problems problems = Problems.collecting();
    check(problems, name, value);
    problems.throwIfAny();
    value = value.deepCopy();
  }

  /**
   * An isolator.
   *
   * @throws IllegalArgumentException listing what is wrong, e.g. {@code value: 1 is outside
   *     2..262144} for {@code os/linux/cpu-shares}
   */
  public static Isolator of(String name, JsonNode value) {
    return new Isolator(name, value);
  }

  /** {@code os/linux/capabilities-retain-set}: keep only these capabilities. */
  public static Isolator capabilitiesRetainSet(List<String> capabilities) {
    return new Isolator("os/linux/capabilities-retain-set", capabilitySet(capabilities));
  }

  /** {@code os/linux/capabilities-remove-set}: drop these capabilities. */
  public static Isolator capabilitiesRemoveSet(List<String> capabilities) {
    return new Isolator("os/linux/capabilities-remove-set", capabilitySet(capabilities));
  }

  private static ObjectNode capabilitySet(List<String> capabilities) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    ArrayNode set = value.putArray("set");
    capabilities.forEach(set::add);
    return value;
  }

  static void check(Problems problems, String name, JsonNode value) {
    String nameProblem = AcIdentifier.problem(name);
    if (nameProblem != null) {
      problems.at("name").add(nameProblem);
      return;
    }
    IsolatorRules.check(problems.at("value"), name, value);
  }

  /** A copy of the value (JSON nodes are mutable). */
  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  /** True if appc defines this isolator and its value was checked. */
  public boolean isKnown() {
    return IsolatorRules.isKnown(name);
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
