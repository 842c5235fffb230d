package io.jaci.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "one vocabulary per concept": two top-level classes of jaci-core with the same
 * name were, each time so far, one concept modelled twice ({@code docker.Descriptor} and
 * {@code oci.Descriptor}, two {@code MediaTypes}, two {@code RootfsNames}). This keeps such a
 * pair from coming back unnoticed; a pair that names two concepts is listed below with why.
 */
class OneNamePerConceptTest {
  /** Same name, different things. */
  private static final Set<String> TWO_CONCEPTS = Set.of(
      "OciConfig"); // oci: the image config of the OCI image spec; run: the runtime spec's

  @Test
  void noTwoClassesOfTheLibraryShareAName() throws IOException {
    Path sources = Path.of("src/main/java/io/jaci/core");
    assertThat(sources).isDirectory();
    Map<String, List<String>> byName;
    try (Stream<Path> files = Files.walk(sources)) {
      byName = files.filter(p -> p.toString().endsWith(".java"))
          .map(p -> sources.relativize(p).toString())
          .collect(Collectors.groupingBy(p -> p.substring(p.lastIndexOf('/') + 1),
              TreeMap::new, Collectors.toList()));
    }
    assertThat(byName).hasSizeGreaterThan(100); // the scan found the library
    byName.keySet().removeAll(TWO_CONCEPTS.stream().map(n -> n + ".java").toList());
    assertThat(byName.values()).allSatisfy(places -> assertThat(places)
        .as("one concept, one class: merge these or list them in TWO_CONCEPTS with why")
        .hasSize(1));
  }
}
