package io.jaci.core.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The labels of an image or a dependency, in order. Names are unique and never {@code name};
 * {@code os} must be linux, freebsd or darwin, and when both are present {@code arch} must be one
 * the os supports (linux/arm64 is spelled {@code aarch64} in appc).
 */
public final class Labels {
  private static final Labels EMPTY = new Labels(List.of());

  private final List<Label> labels;

  private Labels(List<Label> labels) {
    this.labels = labels;
  }

  /** No labels. */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Labels in the given order.
   *
   * @throws IllegalArgumentException listing every broken rule, e.g. {@code [1].name: duplicate
   *     label "os"}
   */
  public static Labels of(List<Label> labels) {
    List<Label> copy = List.copyOf(labels);
    Problems problems = Problems.collecting();
    check(problems, copy);
    problems.throwIfAny();
    return new Labels(copy);
  }

  /** Labels from alternating names and values: {@code of("os", "linux", "arch", "amd64")}. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need a value for every name");
    }
    List<Label> list = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(Label.of(namesAndValues[i], namesAndValues[i + 1]));
    }
    return of(list);
  }

  /** Adds a problem for every broken rule, at {@code [index].name} or {@code [index].value}. */
  static void check(Problems problems, List<Label> labels) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i) == null) {
        continue; // the reader already reported this item
      }
      String name = labels.get(i).name().value();
      if (name.equals("name")) {
        problems.at(i).at("name").add("\"name\" is not allowed as a label (it is the image name)");
      } else if (seen.putIfAbsent(name, i) != null) {
        problems.at(i).at("name").add("duplicate label \"" + name + "\"");
      }
    }
    Integer os = seen.get("os");
    if (os != null) {
      String osValue = labels.get(os).value();
      String osProblem = OsArch.osProblem(osValue);
      if (osProblem != null) {
        problems.at(os).at("value").add(osProblem);
      }
      Integer arch = seen.get("arch");
      if (osProblem == null && arch != null) {
        String archProblem = OsArch.archProblem(osValue, labels.get(arch).value());
        if (archProblem != null) {
          problems.at(arch).at("value").add(archProblem);
        }
      }
    }
  }

  /** The value of the label {@code name}, if present. */
  public Optional<String> get(String name) {
    return labels.stream().filter(l -> l.name().value().equals(name)).map(Label::value).findFirst();
  }

  /**
   * These labels with {@code name} set to {@code value}: replaced in place if present, else
   * appended.
   *
   * @throws IllegalArgumentException if the result breaks a rule
   */
  public Labels with(String name, String value) {
    Label label = Label.of(name, value);
    List<Label> list = new ArrayList<>(labels);
    int index = indexOf(name);
    if (index >= 0) {
      list.set(index, label);
    } else {
      list.add(label);
    }
    return of(list);
  }

  private int indexOf(String name) {
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).name().value().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The labels in order (unmodifiable). */
  public List<Label> asList() {
    return labels;
  }

  public boolean isEmpty() {
    return labels.isEmpty();
  }

  public int size() {
    return labels.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other && labels.equals(other.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels);
  }

  /** Like {@code os=linux,arch=amd64}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Label l : labels) {
      s.append(s.length() == 0 ? "" : ",").append(l.name()).append('=').append(l.value());
    }
    return s.toString();
  }
}
