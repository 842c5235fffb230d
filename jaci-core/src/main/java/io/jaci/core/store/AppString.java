package io.jaci.core.store;

import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An app string as rkt and appc discovery take it: {@code name[:version][,label=value...]},
 * e.g. {@code example.com/postgres:9.3.6,os=linux,arch=amd64}.
 *
 * @param name the image name
 * @param version the {@code version} label, if given after the colon
 * @param labels the other labels given (never {@code version} when {@code version} is given)
 */
public record AppString(AcIdentifier name, Optional<String> version, Labels labels) {
  public AppString {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(labels, "labels");
  }

  /**
   * Parses an app string.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static AppString parse(String s) {
    String[] parts = s.split(",", -1);
    String head = parts[0];
    int colon = head.indexOf(':');
    String nameText = colon < 0 ? head : head.substring(0, colon);
    Optional<String> version = Optional.empty();
    if (colon >= 0) {
      String v = head.substring(colon + 1);
      if (v.isEmpty()) {
        throw new IllegalArgumentException("invalid app string \"" + s
            + "\": empty version after ':'");
      }
      version = Optional.of(v);
    }
    AcIdentifier name;
    try {
      name = AcIdentifier.parse(nameText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid app string \"" + s + "\": " + e.getMessage());
    }
    List<Label> labels = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid app string \"" + s + "\": \"" + parts[i]
            + "\" is not label=value");
      }
      String labelName = parts[i].substring(0, eq);
      if (labelName.equals("version") && version.isPresent()) {
        throw new IllegalArgumentException("invalid app string \"" + s
            + "\": the version is given twice");
      }
      try {
        labels.add(Label.of(labelName, parts[i].substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid app string \"" + s + "\": " + e.getMessage());
      }
    }
    Labels parsed;
    try {
      parsed = Labels.of(labels);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid app string \"" + s + "\": " + e.getMessage());
    }
    Optional<String> versionLabel = parsed.get("version");
    if (versionLabel.isPresent()) {
      // name,version=1 is the same request as name:1
      List<Label> rest = new ArrayList<>(parsed.asList());
      rest.removeIf(l -> l.name().value().equals("version"));
      return new AppString(name, versionLabel, Labels.of(rest));
    }
    return new AppString(name, version, parsed);
  }

  /** Every label an image must have to match: the given ones plus {@code version}. */
  public Labels requiredLabels() {
    return version.map(v -> labels.with("version", v)).orElse(labels);
  }

  @Override
  public String toString() {
    return name + version.map(v -> ":" + v).orElse("")
        + (labels.isEmpty() ? "" : "," + labels);
  }
}
