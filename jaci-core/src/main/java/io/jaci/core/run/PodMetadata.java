package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the metadata service of one pod serves: the pod's UUID and annotations and, in pod
 * order, its apps.
 *
 * @throws IllegalArgumentException if two apps have the same name
 */
public record PodMetadata(UUID uuid, Annotations annotations, List<AppMetadata> apps) {

  public PodMetadata {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(annotations, "annotations");
    apps = List.copyOf(apps);
    Set<AcName> names = new HashSet<>();
    for (AppMetadata app : apps) {
      if (!names.add(app.name())) {
        throw new IllegalArgumentException(
            "two apps of pod " + uuid + " are named \"" + app.name() + "\"; give one --name");
      }
    }
  }

  /** The app called {@code name}, if the pod has one. */
  public Optional<AppMetadata> app(String name) {
    return apps.stream().filter(a -> a.name().value().equals(name)).findFirst();
  }
}
