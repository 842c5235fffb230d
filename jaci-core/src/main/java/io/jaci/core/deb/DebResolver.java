package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the packages to install for some named ones: the closure over {@code Pre-Depends},
 * {@code Depends} and (unless turned off) {@code Recommends}, choosing for each relation
 * group the first alternative that is already chosen, else the first one that can be
 * satisfied; of a name, the highest version the relation accepts; of a virtual name, a
 * provider (an already chosen one first, else by Priority, then by name). Dependency cycles are normal in
 * Debian and allowed. A relation nothing satisfies is an error naming the chain of packages
 * that needs it; so is a package needed at two versions. No backtracking: like apt's first
 * pass, the first choice stands.
 *
 * <p>Deterministic: the same index and request give the same packages in the same order,
 * dependencies before the packages that need them (for cycles, the first visited last).
 */
public final class DebResolver {
  private final PackageIndex index;
  private final boolean recommends;
  private final Map<String, Chosen> chosen = new HashMap<>();
  private final Map<DebPackage, Boolean> finished = new HashMap<>();
  private final List<DebPackage> order = new ArrayList<>();

  /** A chosen package and the chain of relations that brought it in. */
  private record Chosen(DebPackage pkg, List<String> chain) {}

  /**
   * @param recommends whether {@code Recommends} count (apt's default); an unsatisfiable
   *     recommendation is skipped, as apt skips it
   */
  public DebResolver(PackageIndex index, boolean recommends) {
    this.index = index;
    this.recommends = recommends;
  }

  /**
   * Resolves {@code requests}: package names, optionally {@code name=VERSION}.
   *
   * @param withEssential also install every {@code Essential: yes} and {@code Priority:
   *     required} package (as debootstrap's minbase would)
   * @return the packages in dependency order
   * @throws JaciException naming the chain to an unsatisfiable relation or a conflict
   */
  public List<DebPackage> resolve(List<String> requests, boolean withEssential)
      throws JaciException {
    List<Relation> roots = new ArrayList<>();
    if (withEssential) {
      Map<String, DebPackage> base = new TreeMap<>();
      for (DebPackage p : index.all()) {
        if (p.essential() || p.priority().equals("required")) {
          base.putIfAbsent(p.name(), p);
        }
      }
      base.keySet().forEach(n -> roots.add(Relation.parse(n)));
    }
    for (String r : requests) {
      roots.add(request(r));
    }
    for (Relation root : roots) {
      DebPackage p = choose(List.of(root), List.of(), false);
      visit(p);
    }
    return List.copyOf(order);
  }

  private static Relation request(String text) throws JaciException {
    int eq = text.indexOf('=');
    try {
      return eq < 0 ? Relation.parse(text)
          : Relation.parse(text.substring(0, eq) + " (= " + text.substring(eq + 1) + ")");
    } catch (IllegalArgumentException e) {
      throw new JaciException("\"" + text + "\" is not a package name (or NAME=VERSION)");
    }
  }

  private void visit(DebPackage p) throws JaciException {
    if (finished.containsKey(p)) {
      return; // done, or on the current path: a cycle, which Debian allows
    }
    finished.put(p, Boolean.FALSE);
    List<String> chain = chosen.get(p.name()).chain();
    for (String field : recommends ? new String[] {"Pre-Depends", "Depends", "Recommends"}
        : new String[] {"Pre-Depends", "Depends"}) {
      List<List<Relation>> groups;
      try {
        groups = p.relations(field);
      } catch (IllegalArgumentException e) {
        throw new JaciException(e.getMessage(), e);
      }
      for (List<Relation> group : groups) {
        List<Relation> applicable = group.stream()
            .filter(r -> r.appliesTo(index.architecture())).toList();
        if (applicable.isEmpty()) {
          continue;
        }
        DebPackage dep = choose(applicable, chain, field.equals("Recommends"));
        if (dep != null) {
          visit(dep);
        }
      }
    }
    finished.put(p, Boolean.TRUE);
    order.add(p);
  }

  /** The package for one relation group, choosing it if new; null for a skipped optional. */
  private DebPackage choose(List<Relation> group, List<String> chain, boolean optional)
      throws JaciException {
    for (Relation r : group) {
      DebPackage already = alreadyChosen(r);
      if (already != null) {
        return already;
      }
    }
    List<String> reasons = new ArrayList<>();
    for (Relation r : group) {
      Chosen sameName = chosen.get(r.name());
      if (sameName != null && index.versions(r.name()).contains(sameName.pkg())) {
        reasons.add(r + ": " + sameName.pkg().name() + " " + sameName.pkg().version()
            + " is already chosen for " + String.join(" -> ", sameName.chain()));
        continue;
      }
      DebPackage candidate = candidate(r);
      if (candidate != null) {
        List<String> newChain = new ArrayList<>(chain);
        newChain.add(r.toString());
        chosen.put(candidate.name(), new Chosen(candidate, List.copyOf(newChain)));
        return candidate;
      }
      reasons.add(r + ": " + whyNot(r));
    }
    if (optional) {
      return null;
    }
    String prefix = chain.isEmpty() ? "" : String.join(" -> ", chain) + " -> ";
    if (group.size() == 1) {
      boolean conflict = reasons.get(0).contains(" is already chosen for ");
      throw new JaciException((conflict ? "conflicting versions: " : "") + prefix
          + reasons.get(0));
    }
    throw new JaciException(prefix + String.join(" | ", group.stream()
        .map(Relation::toString).toList()) + ": no alternative can be installed ("
        + String.join("; ", reasons) + ")");
  }

  /** A chosen package that satisfies {@code r}, itself or through Provides. */
  private DebPackage alreadyChosen(Relation r) {
    Chosen c = chosen.get(r.name());
    if (c != null && r.acceptsVersion(c.pkg().version())) {
      return c.pkg();
    }
    for (PackageIndex.Provider p : index.providers(r.name())) {
      Chosen q = chosen.get(p.pkg().name());
      if (q != null && q.pkg().equals(p.pkg()) && provides(p, r)) {
        return q.pkg();
      }
    }
    return null;
  }

  private static boolean provides(PackageIndex.Provider p, Relation r) {
    return r.op() == null || (p.version() != null && r.acceptsVersion(p.version()));
  }

  /** The best package for {@code r} nothing chosen satisfies yet, or null. */
  private DebPackage candidate(Relation r) {
    for (DebPackage v : index.versions(r.name())) {
      if (r.acceptsVersion(v.version())) {
        return v;
      }
    }
    return index.providers(r.name()).stream()
        .filter(p -> provides(p, r) && !chosen.containsKey(p.pkg().name()))
        .map(PackageIndex.Provider::pkg)
        .findFirst()
        .orElse(null);
  }

  private String whyNot(Relation r) {
    List<DebPackage> versions = index.versions(r.name());
    List<PackageIndex.Provider> providers = index.providers(r.name());
    if (versions.isEmpty() && providers.isEmpty()) {
      return "not in the index";
    }
    Map<String, String> have = new LinkedHashMap<>();
    versions.forEach(v -> have.put(v.version().toString(), ""));
    String provided = providers.isEmpty() ? "" : "; provided by " + String.join(", ",
        providers.stream().map(p -> p.pkg().name() + (p.version() != null
            ? " (= " + p.version() + ")" : "")).toList());
    return "no version fits" + (have.isEmpty() ? "" : " (the index has "
        + String.join(", ", have.keySet()) + ")") + provided;
  }
}
