package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver over real indices: packages built with dpkg-deb, indexed with
 * dpkg-scanpackages, read back through the repository reader.
 */
class DebResolverTest {
  @TempDir
  Path tmp;

  private final List<Path> debs = new ArrayList<>();
  private final List<String> remarks = new ArrayList<>();

  private void pkg(String control) throws Exception {
    debs.add(new TestDebs(tmp.resolve("build-" + debs.size())).deb(control));
  }

  private PackageIndex index() throws Exception {
    for (int i = 0; i < debs.size(); i++) {
      java.nio.file.Files.createDirectories(tmp.resolve("build-" + i));
    }
    Path repo = TestDebs.flatRepository(tmp.resolve("repo"), debs);
    PackageIndex index = new PackageIndex("amd64");
    RepositoryTransport transport = new RepositoryTransport();
    new RepositoryIndices(transport, new DebCache(tmp.resolve("cache")),
        new RepositoryTrust(transport, List.of(), false, remarks::add), remarks::add).load(new AptSource(repo.toUri(), "bookworm", List.of("main"), List.of(),
            ""), index);
    return index;
  }

  private List<String> resolve(boolean recommends, String... names) throws Exception {
    return new DebResolver(index(), recommends).resolve(List.of(names), false).stream()
        .map(p -> p.name() + "=" + p.version()).toList();
  }

  @Test
  void closureInDependencyOrderWithHighestFittingVersions() throws Exception {
    pkg("Package: hello\nVersion: 2.10-3\nArchitecture: amd64\n"
        + "Depends: libc6 (>= 2.34)\nPre-Depends: dpkg");
    pkg("Package: libc6\nVersion: 2.36-9\nArchitecture: amd64\nDepends: libgcc-s1");
    pkg("Package: libc6\nVersion: 2.31-13\nArchitecture: amd64");
    pkg("Package: libgcc-s1\nVersion: 12.2.0-14\nArchitecture: amd64");
    pkg("Package: dpkg\nVersion: 1.21.22\nArchitecture: amd64");
    pkg("Package: other-arch\nVersion: 1\nArchitecture: arm64");
    assertThat(resolve(true, "hello"))
        .containsExactly("dpkg=1.21.22", "libgcc-s1=12.2.0-14", "libc6=2.36-9", "hello=2.10-3");
    assertThat(remarks).singleElement().asString().contains("no Release file");
  }

  @Test
  void versionConstraintsPickTheHighestAcceptedVersion() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: c (<< 3)");
    pkg("Package: c\nVersion: 1.0");
    pkg("Package: c\nVersion: 2.0");
    pkg("Package: c\nVersion: 3.0");
    assertThat(resolve(true, "a")).containsExactly("c=2.0", "a=1");
    assertThat(resolve(true, "c=1.0")).containsExactly("c=1.0");
  }

  @Test
  void conflictingVersionsAreReportedWithBothChains() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: c (= 1.0)");
    pkg("Package: b\nVersion: 1\nDepends: c (>= 2.0)");
    pkg("Package: c\nVersion: 1.0");
    pkg("Package: c\nVersion: 2.0");
    assertThatThrownBy(() -> resolve(true, "a", "b"))
        .isInstanceOf(JaciException.class)
        .hasMessage("conflicting versions: b -> c (>= 2.0): c 1.0 is already chosen for "
            + "a -> c (= 1.0)");
  }

  @Test
  void alternativesTakeTheFirstSatisfiableOrAnAlreadyChosenOne() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: missing | y (>= 2) | x");
    pkg("Package: b\nVersion: 1\nDepends: x\nRecommends: y | x");
    pkg("Package: x\nVersion: 1");
    pkg("Package: y\nVersion: 1");
    pkg("Package: y\nVersion: 2");
    assertThat(resolve(true, "a")).containsExactly("y=2", "a=1");
    // b's own x comes first, so its recommendation y | x is met by x
    assertThat(resolve(true, "b")).containsExactly("x=1", "b=1");
  }

  @Test
  void virtualPackagesThroughProvidesVersionedToo() throws Exception {
    pkg("Package: app\nVersion: 1\nDepends: mail-transport-agent, libfoo-api (>= 2)");
    pkg("Package: postfix\nVersion: 3\nProvides: mail-transport-agent");
    pkg("Package: exim4\nVersion: 4\nProvides: mail-transport-agent");
    pkg("Package: foo-one\nVersion: 1\nProvides: libfoo-api (= 1)");
    pkg("Package: foo-two\nVersion: 1\nProvides: libfoo-api (= 2.5)");
    assertThat(resolve(true, "app")).containsExactly("exim4=4", "foo-two=1", "app=1");
  }

  @Test
  void aProviderOfHigherPriorityIsPreferredAsApt() throws Exception {
    pkg("Package: base\nVersion: 1\nPre-Depends: awk");
    pkg("Package: gawk\nVersion: 5\nPriority: optional\nProvides: awk");
    pkg("Package: mawk\nVersion: 1.3\nPriority: required\nProvides: awk");
    assertThat(resolve(true, "base")).containsExactly("mawk=1.3", "base=1");
  }

  @Test
  void anAlreadyChosenProviderIsPreferred() throws Exception {
    pkg("Package: app\nVersion: 1\nDepends: postfix, mail-transport-agent");
    pkg("Package: postfix\nVersion: 3\nProvides: mail-transport-agent");
    pkg("Package: exim4\nVersion: 4\nProvides: mail-transport-agent");
    assertThat(resolve(true, "app")).containsExactly("postfix=3", "app=1");
  }

  @Test
  void cyclesAreAllowed() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: b");
    pkg("Package: b\nVersion: 1\nPre-Depends: c\nDepends: a");
    pkg("Package: c\nVersion: 1\nDepends: b");
    assertThat(resolve(true, "a")).containsExactly("c=1", "b=1", "a=1");
    assertThat(resolve(true, "c")).containsExactly("a=1", "b=1", "c=1");
  }

  @Test
  void anUnsatisfiableDependencyNamesItsChain() throws Exception {
    pkg("Package: hello\nVersion: 2.10\nArchitecture: amd64\nDepends: libc6 (>= 2.34)");
    pkg("Package: libc6\nVersion: 2.36\nArchitecture: amd64\nDepends: libgcc-s1");
    assertThatThrownBy(() -> resolve(true, "hello"))
        .hasMessage("hello -> libc6 (>= 2.34) -> libgcc-s1: not in the index");
  }

  @Test
  void noFittingVersionSaysWhatTheIndexHas() throws Exception {
    pkg("Package: hello\nVersion: 2.10\nDepends: libc6 (>= 2.34) | libc7");
    pkg("Package: libc6\nVersion: 2.31");
    assertThatThrownBy(() -> resolve(true, "hello"))
        .hasMessage("hello -> libc6 (>= 2.34) | libc7: no alternative can be installed "
            + "(libc6 (>= 2.34): no version fits (the index has 2.31); "
            + "libc7: not in the index)");
    assertThatThrownBy(() -> resolve(true, "nosuch")).hasMessage("nosuch: not in the index");
  }

  @Test
  void recommendsCountUnlessTurnedOffAndAMissingOneIsSkipped() throws Exception {
    pkg("Package: a\nVersion: 1\nRecommends: r, missing");
    pkg("Package: r\nVersion: 1");
    assertThat(resolve(true, "a")).containsExactly("r=1", "a=1");
    assertThat(resolve(false, "a")).containsExactly("a=1");
  }

  @Test
  void anyQualifiers() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: py:any, x");
    pkg("Package: py\nVersion: 3\nArchitecture: amd64\nMulti-Arch: allowed");
    pkg("Package: x\nVersion: 1");
    assertThat(resolve(true, "a")).containsExactly("py=3", "x=1", "a=1");
  }

  @Test
  void essentialPackagesOnlyWhenAsked() throws Exception {
    pkg("Package: a\nVersion: 1");
    pkg("Package: base-files\nVersion: 12\nEssential: yes");
    pkg("Package: libc-bin\nVersion: 2\nPriority: required");
    PackageIndex index = index();
    assertThat(new DebResolver(index, true).resolve(List.of("a"), false))
        .extracting(DebPackage::name).containsExactly("a");
    assertThat(new DebResolver(index, true).resolve(List.of("a"), true))
        .extracting(DebPackage::name).containsExactly("base-files", "libc-bin", "a");
  }

  @Test
  void localDebsWinOverTheIndex() throws Exception {
    pkg("Package: a\nVersion: 1\nDepends: b (>= 1)");
    pkg("Package: b\nVersion: 1");
    PackageIndex index = index();
    Path local = new TestDebs(tmp.resolve("local")).deb("Package: b\nVersion: 0.9-local");
    index.addLocal(LocalDebs.read(local));
    assertThatThrownBy(() -> new DebResolver(index, true).resolve(List.of("a"), false))
        .hasMessageContaining("a -> b (>= 1): no version fits (the index has 0.9-local)");
    Path newer = new TestDebs(tmp.resolve("local2")).deb("Package: b\nVersion: 5");
    index.addLocal(LocalDebs.read(newer));
    List<DebPackage> r = new DebResolver(index, true).resolve(List.of("a"), false);
    assertThat(r.get(0).local()).isTrue();
    assertThat(r.get(0).location()).isEqualTo(newer.toAbsolutePath().toUri());
  }

  @Test
  void theSameIndexGivesTheSameOrder() throws Exception {
    pkg("Package: top\nVersion: 1\nDepends: m1, m2 | m3, v\nRecommends: m3");
    pkg("Package: m1\nVersion: 1\nDepends: leaf");
    pkg("Package: m2\nVersion: 1\nDepends: leaf, m1");
    pkg("Package: m3\nVersion: 1");
    pkg("Package: leaf\nVersion: 1");
    pkg("Package: p2\nVersion: 1\nProvides: v");
    pkg("Package: p1\nVersion: 1\nProvides: v");
    PackageIndex index = index();
    List<String> first = new DebResolver(index, true).resolve(List.of("top"), false).stream()
        .map(DebPackage::name).toList();
    assertThat(first).containsExactly("leaf", "m1", "m2", "p1", "m3", "top");
    for (int i = 0; i < 3; i++) {
      assertThat(new DebResolver(index, true).resolve(List.of("top"), false))
          .extracting(DebPackage::name).isEqualTo(first);
    }
  }
}
