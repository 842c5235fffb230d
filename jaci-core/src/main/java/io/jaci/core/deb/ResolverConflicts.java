package io.jaci.core.deb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code Conflicts} and {@code Breaks} say about a package the resolver considers and the
 * packages it has chosen, both ways: a relation names a package (of an accepted version) or a
 * virtual name the other provides; a package never conflicts with itself (a package that
 * provides and conflicts with a virtual name, as mail transport agents do, is fine alone), nor
 * with another version of its name (the resolver keeps to one version of each name). For a new
 * installation both fields mean the same: the two are not installed together.
 */
final class ResolverConflicts {
  private static final String[] FIELDS = {"Conflicts", "Breaks"};
  private final PackageIndex index;
  private final Map<DebPackage, List<Against>> parsed = new IdentityHashMap<>();
  private final Map<DebPackage, List<String>> provided = new IdentityHashMap<>();
  // the chosen packages' relations by the name they name; undone in the order they came
  private final Map<String, List<Held>> byName = new HashMap<>();
  private final List<Held> trail = new ArrayList<>();

  /** One relation of a package's Conflicts or Breaks. */
  private record Against(String field, Relation relation) {}

  /** A relation that a chosen package holds. */
  private record Held(DebResolver.Chosen holder, Against against) {}

  ResolverConflicts(PackageIndex index) {
    this.index = index;
  }

  /** Notes that {@code x} is chosen: its Conflicts and Breaks now count. */
  void add(DebResolver.Chosen x) {
    for (Against a : of(x.pkg())) {
      Held h = new Held(x, a);
      byName.computeIfAbsent(a.relation().name(), k -> new ArrayList<>(1)).add(h);
      trail.add(h);
    }
  }

  /** How many relations are held, to go back to with {@link #truncate}. */
  int size() {
    return trail.size();
  }

  /** Forgets the relations noted after {@code size} were. */
  void truncate(int size) {
    while (trail.size() > size) {
      Held h = trail.remove(trail.size() - 1);
      List<Held> list = byName.get(h.against().relation().name());
      list.remove(list.size() - 1);
    }
  }

  /**
   * Why {@code candidate} cannot join {@code chosen} (whose relations {@link #add} noted), or
   * null when nothing keeps them apart.
   */
  String with(DebPackage candidate, Map<String, DebResolver.Chosen> chosen) {
    for (Against a : of(candidate)) {
      Relation r = a.relation();
      DebResolver.Chosen x = chosen.get(r.name());
      if (x != null && !x.pkg().name().equals(candidate.name())
          && r.acceptsVersion(x.pkg().version())) {
        return own(candidate, x, a);
      }
      for (PackageIndex.Provider p : index.providers(r.name())) {
        DebResolver.Chosen q = chosen.get(p.pkg().name());
        if (q != null && q.pkg().equals(p.pkg()) && !q.pkg().name().equals(candidate.name())
            && DebResolver.provides(p, r)) {
          return own(candidate, q, a);
        }
      }
    }
    List<String> names = new ArrayList<>();
    names.add(candidate.name());
    names.addAll(providedBy(candidate));
    for (String name : names) {
      for (Held h : byName.getOrDefault(name, List.of())) {
        DebResolver.Chosen x = h.holder();
        Against a = h.against();
        if (!x.pkg().name().equals(candidate.name()) && meets(a.relation(), candidate)) {
          return described(x) + " " + verb(a) + " " + candidate.name() + " "
              + candidate.version() + ": " + a.field() + ": " + a.relation();
        }
      }
    }
    return null;
  }

  /** Whether {@code r} names {@code p}, itself or a virtual name it provides. */
  private boolean meets(Relation r, DebPackage p) {
    if (r.name().equals(p.name())) {
      return r.acceptsVersion(p.version());
    }
    for (PackageIndex.Provider provider : index.providers(r.name())) {
      if (provider.pkg().equals(p) && DebResolver.provides(provider, r)) {
        return true;
      }
    }
    return false;
  }

  private static String own(DebPackage candidate, DebResolver.Chosen x, Against a) {
    return candidate.name() + " " + candidate.version() + " " + verb(a) + " " + described(x)
        + ": " + a.field() + ": " + a.relation();
  }

  private static String verb(Against a) {
    return a.field().equals("Breaks") ? "breaks" : "conflicts with";
  }

  private static String described(DebResolver.Chosen x) {
    return x.pkg().name() + " " + x.pkg().version() + " (chosen for "
        + DebResolver.Chain.text(x.chain()) + ")";
  }

  private List<String> providedBy(DebPackage p) {
    return provided.computeIfAbsent(p, k -> {
      List<String> names = new ArrayList<>();
      k.relations("Provides").forEach(g -> g.forEach(r -> names.add(r.name())));
      return names;
    });
  }

  private List<Against> of(DebPackage p) {
    return parsed.computeIfAbsent(p, k -> {
      List<Against> out = new ArrayList<>();
      for (String field : FIELDS) {
        List<List<Relation>> groups;
        try {
          groups = k.relations(field);
        } catch (IllegalArgumentException e) {
          continue; // a malformed Conflicts cannot keep anything apart; Depends are checked
        }
        for (List<Relation> group : groups) {
          for (Relation r : group) {
            if (r.appliesTo(index.architecture())) {
              out.add(new Against(field, r));
            }
          }
        }
      }
      return out;
    });
  }
}
