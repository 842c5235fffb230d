package io.jaci.core.deb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packages the resolver may choose from: every version of each name for the target
 * architecture (and {@code all}), and who provides each virtual name. Local {@code .deb}
 * files replace the index's versions of their name.
 */
public final class PackageIndex {
  private final String architecture;
  private final Map<String, List<DebPackage>> byName = new HashMap<>();
  private final Map<String, List<Provider>> providers = new HashMap<>();

  /** A package that provides a name, with the version it provides (null: unversioned). */
  record Provider(DebPackage pkg, DebianVersion version) {}

  /** An empty index for packages of {@code architecture} (and {@code all}). */
  public PackageIndex(String architecture) {
    this.architecture = architecture;
  }

  /** The target architecture. */
  public String architecture() {
    return architecture;
  }

  /**
   * Adds a package from an index; packages of other architectures are ignored. The same
   * name, version and architecture twice (two suites) keeps the first.
   */
  public void add(DebPackage p) {
    if (!p.architecture().equals(architecture) && !p.architecture().equals("all")) {
      return;
    }
    List<DebPackage> versions = byName.computeIfAbsent(p.name(), k -> new ArrayList<>(1));
    for (DebPackage q : versions) {
      if (q.version().compareTo(p.version()) == 0 && q.architecture().equals(p.architecture())) {
        return;
      }
    }
    versions.add(p);
    addProvides(p);
  }

  /** Adds a local package, which replaces every indexed version of its name. */
  public void addLocal(DebPackage p) {
    List<DebPackage> old = byName.put(p.name(), new ArrayList<>(List.of(p)));
    if (old != null) {
      providers.values().forEach(list -> list.removeIf(x -> old.contains(x.pkg())));
    }
    addProvides(p);
  }

  private void addProvides(DebPackage p) {
    for (List<Relation> group : p.relations("Provides")) {
      for (Relation r : group) {
        providers.computeIfAbsent(r.name(), k -> new ArrayList<>(1))
            .add(new Provider(p, r.op() == Relation.Op.EQUAL ? r.version() : null));
      }
    }
  }

  /** Every version of {@code name}, highest first (arch-specific before all on a tie). */
  public List<DebPackage> versions(String name) {
    List<DebPackage> v = new ArrayList<>(byName.getOrDefault(name, List.of()));
    v.sort(Comparator.comparing(DebPackage::version).reversed()
        .thenComparing(DebPackage::architecture));
    return v;
  }

  /**
   * The packages providing {@code name}, in the order to prefer them: by Priority (required
   * first, as apt prefers), then by name, then highest version.
   */
  List<Provider> providers(String name) {
    List<Provider> v = new ArrayList<>(providers.getOrDefault(name, List.of()));
    v.sort(Comparator.comparingInt((Provider p) -> priorityRank(p.pkg().priority()))
        .thenComparing(p -> p.pkg().name())
        .thenComparing(p -> p.pkg().version(), Comparator.reverseOrder()));
    return v;
  }

  private static int priorityRank(String priority) {
    switch (priority) {
      case "required":
        return 0;
      case "important":
        return 1;
      case "standard":
        return 2;
      case "optional":
        return 3;
      default:
        return 4;
    }
  }

  /** Every package name, for {@code --with-essential}. */
  public List<DebPackage> all() {
    List<DebPackage> all = new ArrayList<>();
    byName.values().forEach(all::addAll);
    return all;
  }

  /** How many package names the index knows. */
  public int size() {
    return byName.size();
  }
}
