package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the packages to install for some named ones: the closure over {@code Pre-Depends},
 * {@code Depends} and (unless turned off) {@code Recommends}, with no two packages that
 * {@code Conflicts} or {@code Breaks} keep apart. For each relation group it takes an
 * alternative that is already chosen, else the first that can be installed; of a name, the
 * highest version the relation accepts; of a virtual name, a provider (an already chosen one
 * first, else by Priority, then by name). When a choice leads to a conflict or to a relation
 * nothing satisfies, the search goes back to the latest choice that had other options (the
 * next alternative, a lower version, another provider, or for a recommendation none) and
 * goes on from there; a search that finds nothing, or takes more than {@link #MAX_STEPS}
 * steps, is an error naming the first problem it met and the chain of packages that led to
 * it. Dependency cycles are normal in Debian and allowed.
 *
 * <p>The search keeps its own stack (no recursion, so any depth of dependencies resolves) and
 * is deterministic: the same index and request give the same packages in the same order,
 * dependencies before the packages that need them (for cycles, the first visited last).
 */
public final class DebResolver {
  /** How many relation groups the search may look at, once it went back, before it gives up. */
  static final int MAX_STEPS = 100_000;
  private static final String[] WITH_RECOMMENDS = {"Pre-Depends", "Depends", "Recommends"};
  private static final String[] WITHOUT_RECOMMENDS = {"Pre-Depends", "Depends"};

  private final PackageIndex index;
  private final boolean recommends;
  private final ResolverConflicts conflicts;
  private final Map<DebPackage, List<Need>> needs = new IdentityHashMap<>();

  // the search state; what choices add is undone by truncating to a choice point's sizes
  private final Map<String, Chosen> chosen = new java.util.LinkedHashMap<>();
  private final List<String> chosenNames = new ArrayList<>();
  private final Set<DebPackage> entered = java.util.Collections.newSetFromMap(
      new IdentityHashMap<>());
  private final List<DebPackage> enteredOrder = new ArrayList<>();
  private final List<DebPackage> order = new ArrayList<>();
  private Deque<Frame> stack = new ArrayDeque<>();
  private final Deque<ChoicePoint> choices = new ArrayDeque<>();
  private String firstProblem;

  /** A chosen package and the chain of relations that brought it in. */
  record Chosen(DebPackage pkg, Chain chain) {}

  /**
   * The relations from a request to a package, shared with the chains it leads on to (a copy
   * for each package would cost the square of a long chain); null is the empty chain.
   */
  record Chain(Chain parent, String link) {
    /** {@code a -> b -> c}, its middle left out when long ({@link ShortText#chain}). */
    static String text(Chain c) {
      List<String> links = new ArrayList<>();
      for (Chain at = c; at != null; at = at.parent()) {
        links.add(at.link());
      }
      java.util.Collections.reverse(links);
      return ShortText.chain(links);
    }
  }

  /** One relation group a package needs; optional for Recommends. */
  private record Need(List<Relation> group, boolean optional) {}

  /** A package being visited (null for the requests): its needs, and the next to meet. */
  private static final class Frame {
    final DebPackage pkg;
    final Chain chain;
    final List<Need> needs;
    int next;

    Frame(DebPackage pkg, Chain chain, List<Need> needs, int next) {
      this.pkg = pkg;
      this.chain = chain;
      this.needs = needs;
      this.next = next;
    }

    Frame copy() {
      return new Frame(pkg, chain, needs, next);
    }
  }

  /** A package that would meet a need (null: leave an optional one unmet), and its chain. */
  private record Option(DebPackage pkg, Chain chain) {}

  /** Where to come back to: the state before a choice, and the options not yet tried. */
  private record ChoicePoint(List<Frame> stack, int chosen, int held, int entered, int order,
      List<Option> options, int next) {}

  /**
   * @param recommends whether {@code Recommends} count (apt's default); an unsatisfiable
   *     recommendation is skipped, as apt skips it
   */
  public DebResolver(PackageIndex index, boolean recommends) {
    this.index = index;
    this.recommends = recommends;
    this.conflicts = new ResolverConflicts(index);
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
    List<Need> roots = new ArrayList<>();
    if (withEssential) {
      Map<String, DebPackage> base = new TreeMap<>();
      for (DebPackage p : index.all()) {
        if (p.essential() || p.priority().equals("required")) {
          base.putIfAbsent(p.name(), p);
        }
      }
      base.keySet().forEach(n -> roots.add(new Need(List.of(Relation.parse(n)), false)));
    }
    for (String r : requests) {
      roots.add(new Need(List.of(request(r)), false));
    }
    stack.push(new Frame(null, null, roots, 0));
    search();
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

  private void search() throws JaciException {
    int steps = 0;
    while (!stack.isEmpty()) {
      if (firstProblem != null && ++steps > MAX_STEPS) { // only a search that went back
        throw new JaciException(firstProblem + " (no other choice of alternatives found a way "
            + "around it in " + MAX_STEPS + " steps)");
      }
      Frame f = stack.peek();
      if (f.next == f.needs.size()) {
        stack.pop();
        if (f.pkg != null) {
          order.add(f.pkg);
        }
        continue;
      }
      Need need = f.needs.get(f.next);
      DebPackage already = alreadyChosen(need.group());
      if (already != null) {
        f.next++;
        enter(already);
        continue;
      }
      List<String> reasons = new ArrayList<>();
      List<Option> options = options(need, f.chain, reasons);
      if (!take(options, 0, reasons)) {
        fail(need, f.chain, reasons);
      }
    }
  }

  /**
   * Takes the first of {@code options} from {@code from} on that conflicts with nothing
   * chosen, remembering the others; false if there is none.
   */
  private boolean take(List<Option> options, int from, List<String> reasons)
      throws JaciException {
    for (int i = from; i < options.size(); i++) {
      Option o = options.get(i);
      String conflict = o.pkg() == null ? null : conflicts.with(o.pkg(), chosen);
      if (conflict != null) {
        reasons.add(conflict);
        continue;
      }
      if (i + 1 < options.size()) {
        List<Frame> copy = new ArrayList<>(stack.size());
        stack.forEach(fr -> copy.add(fr.copy()));
        choices.push(new ChoicePoint(copy, chosenNames.size(), conflicts.size(),
            enteredOrder.size(), order.size(), options, i + 1));
      }
      stack.peek().next++;
      if (o.pkg() != null) {
        Chosen c = new Chosen(o.pkg(), o.chain());
        chosen.put(o.pkg().name(), c);
        chosenNames.add(o.pkg().name());
        conflicts.add(c);
        enter(o.pkg());
      }
      return true;
    }
    return false;
  }

  /** Notes the first problem, then goes back to the latest choice with options left. */
  private void fail(Need need, Chain chain, List<String> reasons) throws JaciException {
    if (firstProblem == null) {
      firstProblem = problem(need.group(), chain, reasons);
    }
    while (!choices.isEmpty()) {
      ChoicePoint c = choices.pop();
      restore(c);
      if (take(c.options(), c.next(), new ArrayList<>())) {
        return;
      }
    }
    throw new JaciException(firstProblem);
  }

  private void restore(ChoicePoint c) {
    while (chosenNames.size() > c.chosen()) {
      chosen.remove(chosenNames.remove(chosenNames.size() - 1));
    }
    conflicts.truncate(c.held());
    while (enteredOrder.size() > c.entered()) {
      entered.remove(enteredOrder.remove(enteredOrder.size() - 1));
    }
    order.subList(c.order(), order.size()).clear();
    stack = new ArrayDeque<>();
    for (Frame f : c.stack()) {
      stack.addLast(f.copy());
    }
  }

  /** Visits {@code p} unless it is done or on the current path (a cycle, which Debian allows). */
  private void enter(DebPackage p) throws JaciException {
    if (entered.add(p)) {
      enteredOrder.add(p);
      stack.push(new Frame(p, chosen.get(p.name()).chain(), needsOf(p), 0));
    }
  }

  private List<Need> needsOf(DebPackage p) throws JaciException {
    List<Need> n = needs.get(p);
    if (n != null) {
      return n;
    }
    n = new ArrayList<>();
    for (String field : recommends ? WITH_RECOMMENDS : WITHOUT_RECOMMENDS) {
      List<List<Relation>> groups;
      try {
        groups = p.relations(field);
      } catch (IllegalArgumentException e) {
        throw new JaciException(e.getMessage(), e);
      }
      for (List<Relation> group : groups) {
        List<Relation> applicable = group.stream()
            .filter(r -> r.appliesTo(index.architecture())).toList();
        if (!applicable.isEmpty()) {
          n.add(new Need(applicable, field.equals("Recommends")));
        }
      }
    }
    needs.put(p, n);
    return n;
  }

  /**
   * The packages that could meet {@code need}, in the order to try them: for each alternative,
   * the versions of its name the relation accepts, highest first, then its providers; for an
   * optional need, none last. Why an alternative has none goes to {@code reasons}.
   */
  private List<Option> options(Need need, Chain chain, List<String> reasons) {
    List<Option> options = new ArrayList<>();
    for (Relation r : need.group()) {
      Chain c = new Chain(chain, r.toString());
      Chosen sameName = chosen.get(r.name());
      if (sameName != null && index.versions(r.name()).contains(sameName.pkg())) {
        reasons.add(r + ": " + sameName.pkg().name() + " " + sameName.pkg().version()
            + " is already chosen for " + Chain.text(sameName.chain()));
        continue;
      }
      int before = options.size();
      for (DebPackage v : index.versions(r.name())) {
        if (r.acceptsVersion(v.version())) {
          options.add(new Option(v, c));
        }
      }
      for (PackageIndex.Provider p : index.providers(r.name())) {
        if (provides(p, r) && !chosen.containsKey(p.pkg().name())) {
          options.add(new Option(p.pkg(), c));
        }
      }
      if (options.size() == before) {
        reasons.add(r + ": " + whyNot(r));
      }
    }
    if (need.optional()) {
      options.add(new Option(null, chain));
    }
    return options;
  }

  /** The one-line problem of a need nothing could meet. */
  private static String problem(List<Relation> group, Chain chain, List<String> reasons) {
    String prefix = chain == null ? "" : Chain.text(chain) + " -> ";
    if (group.size() == 1) {
      String reason = reasons.get(0);
      boolean versions = reason.contains(" is already chosen for ");
      if (!reason.startsWith(group.get(0) + ": ")) { // a conflict: named by the package
        reason = group.get(0) + ": " + reason;
      }
      return (versions ? "conflicting versions: " : "") + prefix + reason;
    }
    return prefix + String.join(" | ", group.stream().map(Relation::toString).toList())
        + ": no alternative can be installed (" + String.join("; ", reasons) + ")";
  }

  /** A chosen package that satisfies one of {@code group}, itself or through Provides. */
  private DebPackage alreadyChosen(List<Relation> group) {
    for (Relation r : group) {
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
    }
    return null;
  }

  static boolean provides(PackageIndex.Provider p, Relation r) {
    return r.op() == null || (p.version() != null && r.acceptsVersion(p.version()));
  }

  private String whyNot(Relation r) {
    List<DebPackage> versions = index.versions(r.name());
    List<PackageIndex.Provider> providers = index.providers(r.name());
    if (versions.isEmpty() && providers.isEmpty()) {
      return "not in the index";
    }
    Set<String> have = new java.util.LinkedHashSet<>();
    versions.forEach(v -> have.add(v.version().toString()));
    String provided = providers.isEmpty() ? "" : "; provided by " + String.join(", ",
        providers.stream().map(p -> p.pkg().name() + (p.version() != null
            ? " (= " + p.version() + ")" : "")).toList());
    return "no version fits" + (have.isEmpty() ? "" : " (the index has "
        + String.join(", ", have) + ")") + provided;
  }
}
