package io.jaci.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's package structure (issue 14: the unifications of the platform table, the
 * descriptor model and the entry-name rules were to leave it as clean as it was): no cycles
 * between packages, and the packages at the bottom, which every source and sink builds on,
 * use no other. A violation fails with the classes that make it.
 */
class PackageStructureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.jaci.core");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.jaci.core.(*)..").should().beFreeOfCycles().check(CORE);
  }

  /** spec: the appc model (names, IDs, manifests); io: streams and digests. */
  @ParameterizedTest
  @ValueSource(strings = {"spec", "io"})
  void theBottomPackagesUseNoOtherPackage(String name) {
    String own = "io.jaci.core." + name + "..";
    noClasses().that().resideInAPackage(own).should().dependOnClassesThat(
        resideInAPackage("io.jaci.core.*..").and(not(resideInAPackage(own)))).check(CORE);
  }
}
