package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 ("Debian packages configured": the resolver learns Conflicts, Breaks and
 * backtracking over alternatives, without recursion). Small synthetic {@code Packages}
 * indices, read as an index's paragraphs are.
 */
class DebResolverConflictsTest {
  /** The index of {@code packages}: paragraphs of a Packages file, Architecture all by default. */
  private static PackageIndex index(String packages) throws Exception {
    PackageIndex index = new PackageIndex("amd64");
    for (ControlParagraph p : ControlFileReader.parseAll(packages, "Packages")) {
      String arch = p.get("Architecture").orElse("all").strip();
      index.add(new DebPackage(p.getOrEmpty("Package").strip(),
          DebianVersion.parse(p.getOrEmpty("Version").strip()), arch, p,
          URI.create("file:/pool/x.deb"), "pool/x.deb", "0".repeat(64), 1, false));
    }
    return index;
  }

  private static List<String> resolve(String packages, String... requests) throws Exception {
    return new DebResolver(index(packages), true).resolve(List.of(requests), false).stream()
        .map(p -> p.name() + "=" + p.version()).toList();
  }

  @Test
  void anAlternativeThatLeadsToAConflictFallsBackToTheNext() throws Exception {
    String packages = """
        Package: a
        Version: 1
        Depends: x | y

        Package: b
        Version: 1
        Depends: z

        Package: z
        Version: 1
        Conflicts: x

        Package: x
        Version: 1

        Package: y
        Version: 1
        """;
    // a takes x first; z, needed later by b, conflicts with it: back to a's y
    assertThat(resolve(packages, "a", "b")).containsExactly("y=1", "a=1", "z=1", "b=1");
    // z first: x is refused at once for z's Conflicts
    assertThat(resolve(packages, "b", "a")).containsExactly("z=1", "b=1", "y=1", "a=1");
  }

  @Test
  void conflictsKeepPackagesApartAndAnUnsolvableOneNamesBoth() throws Exception {
    String packages = """
        Package: a
        Version: 1
        Depends: x

        Package: b
        Version: 2
        Depends: y

        Package: y
        Version: 3
        Conflicts: x (<< 5)

        Package: x
        Version: 1
        """;
    assertThatThrownBy(() -> resolve(packages, "a", "b"))
        .isInstanceOf(JaciException.class)
        .hasMessage("b -> y: y 3 conflicts with x 1 (chosen for a -> x): Conflicts: x (<< 5)");
    assertThatThrownBy(() -> resolve(packages, "b", "a"))
        .hasMessage("a -> x: y 3 (chosen for b -> y) conflicts with x 1: Conflicts: x (<< 5)");
  }

  @Test
  void conflictsWithAVirtualNameMeetItsProvidersButNotThePackageItself() throws Exception {
    String packages = """
        Package: app
        Version: 1
        Depends: mail-transport-agent

        Package: postfix
        Version: 3
        Provides: mail-transport-agent
        Conflicts: mail-transport-agent

        Package: exim4
        Version: 4
        Provides: mail-transport-agent
        Conflicts: mail-transport-agent
        """;
    assertThat(resolve(packages, "app")).containsExactly("exim4=4", "app=1");
    // exim4 first for app, then postfix conflicts with it: app takes postfix instead
    assertThat(resolve(packages, "app", "postfix")).containsExactly("postfix=3", "app=1");
    assertThatThrownBy(() -> resolve(packages, "exim4", "postfix"))
        .hasMessage("postfix: postfix 3 conflicts with exim4 4 (chosen for exim4): "
            + "Conflicts: mail-transport-agent");
  }

  @Test
  void breaksMakeTheResolverTakeAnOlderVersion() throws Exception {
    String packages = """
        Package: tool
        Version: 1
        Breaks: lib (>= 2)

        Package: app
        Version: 1
        Depends: lib (>= 1)

        Package: lib
        Version: 2

        Package: lib
        Version: 1
        """;
    assertThat(resolve(packages, "tool", "app")).containsExactly("tool=1", "lib=1", "app=1");
    assertThat(resolve(packages, "app", "tool")).containsExactly("lib=1", "app=1", "tool=1");
    assertThatThrownBy(() -> resolve(packages, "tool", "app", "lib=2"))
        .hasMessage("conflicting versions: lib (= 2): lib 1 is already chosen for app -> "
            + "lib (>= 1)");
    assertThatThrownBy(() -> resolve(packages, "lib=2", "tool"))
        .hasMessage("tool: tool 1 breaks lib 2 (chosen for lib (= 2)): Breaks: lib (>= 2)");
  }

  @Test
  void aRecommendationThatConflictsIsDropped() throws Exception {
    String packages = """
        Package: a
        Version: 1
        Recommends: r

        Package: b
        Version: 1
        Depends: s

        Package: s
        Version: 1
        Breaks: r

        Package: r
        Version: 1
        """;
    assertThat(resolve(packages, "a", "b")).containsExactly("a=1", "s=1", "b=1");
  }

  @Test
  void aDeepChainResolvesWithoutRecursion() throws Exception {
    int depth = 50_000;
    StringBuilder packages = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      packages.append("Package: p").append(i).append("\nVersion: 1\n");
      if (i + 1 < depth) {
        packages.append("Depends: p").append(i + 1).append(" | q").append(i).append('\n');
      }
      packages.append('\n');
    }
    List<String> order = resolve(packages.toString(), "p0");
    assertThat(order).hasSize(depth);
    assertThat(order.get(0)).isEqualTo("p" + (depth - 1) + "=1");
    assertThat(order.get(depth - 1)).isEqualTo("p0=1");
  }

  @Test
  void aSearchWithNoWayOutStopsAtItsBoundWithTheFirstProblem() throws Exception {
    StringBuilder packages = new StringBuilder("Package: a\nVersion: 1\nDepends: ");
    for (int i = 0; i < 40; i++) {
      packages.append("x").append(i).append(" | y").append(i).append(", ");
    }
    packages.append("missing\n\n");
    for (int i = 0; i < 40; i++) {
      packages.append("Package: x").append(i).append("\nVersion: 1\n\n");
      packages.append("Package: y").append(i).append("\nVersion: 1\n\n");
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> resolve(packages.toString(), "a"))
        .hasMessageStartingWith("a -> missing: not in the index")
        .hasMessageNotContaining("\n");
    assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
  }
}
