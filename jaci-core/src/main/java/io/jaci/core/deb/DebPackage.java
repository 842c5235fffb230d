package io.jaci.core.deb;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One binary package as an index (or a local {@code .deb}) describes it: what the resolver
 * needs, and where to get the file and how to check it.
 *
 * @param name the package name
 * @param version its version
 * @param architecture e.g. {@code amd64} or {@code all}
 * @param control the whole paragraph, for the fields the resolver reads
 * @param location where the {@code .deb} is ({@code http(s):} or {@code file:})
 * @param filename the {@code Filename} field (relative to the repository), or the local name
 * @param sha256 the expected SHA256 (lower-case hex)
 * @param size the expected size in bytes
 * @param local whether it is a {@code --deb} file given by the user rather than from an index
 */
public record DebPackage(String name, DebianVersion version, String architecture,
    ControlParagraph control, URI location, String filename, String sha256, long size,
    boolean local) {

  public DebPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(location, "location");
  }

  /** Whether the package is marked {@code Essential: yes}. */
  public boolean essential() {
    return control.getOrEmpty("Essential").strip().equalsIgnoreCase("yes");
  }

  /** The {@code Priority} field, e.g. {@code required}. */
  public String priority() {
    return control.getOrEmpty("Priority").strip();
  }

  /** The {@code Multi-Arch} field, e.g. {@code same}. */
  public String multiArch() {
    return control.getOrEmpty("Multi-Arch").strip();
  }

  /** The parsed relations of field {@code name} (Depends, Pre-Depends, Provides, ...). */
  public List<List<Relation>> relations(String field) {
    String v = control.getOrEmpty(field);
    if (v.isBlank()) {
      return List.of();
    }
    try {
      return Relation.parseField(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + version + ": " + field + ": "
          + e.getMessage(), e);
    }
  }

  /** {@code name version (architecture)} for messages. */
  public String describe() {
    return name + " " + version + " (" + architecture + ")";
  }
}
