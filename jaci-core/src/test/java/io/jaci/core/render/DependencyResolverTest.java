package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.PathWhitelist;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The order and the whitelists of the layers, on the appc spec's examples. The images live in
 * a map here: resolution is pure logic; rendering real images is tested with the store.
 */
class DependencyResolverTest {
  private final Map<ImageId, ImageSource.Image> images = new LinkedHashMap<>();

  private final ImageSource source = new ImageSource() {
    @Override
    public Optional<Image> byId(ImageId id) {
      return Optional.ofNullable(images.get(id));
    }

    @Override
    public Optional<Image> byNameAndLabels(AcIdentifier name, Labels labels) {
      return images.values().stream()
          .filter(i -> i.manifest().name().equals(name))
          .filter(i -> labels.asList().stream().allMatch(
              l -> i.manifest().labels().get(l.name().toString()).equals(Optional.of(l.value()))))
          .findFirst();
    }

    @Override
    public InputStream openTar(ImageId id) {
      throw new UnsupportedOperationException("not needed for resolution");
    }
  };

  static ImageId idOf(String name) throws Exception {
    return ImageId.ofSha512(MessageDigest.getInstance("SHA-512")
        .digest(name.getBytes(StandardCharsets.UTF_8)));
  }

  private ImageSource.Image add(String name, List<String> whitelist, Dependency... deps)
      throws Exception {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/" + name))
        .dependencies(List.of(deps))
        .pathWhitelist(PathWhitelist.of(whitelist))
        .build();
    ImageSource.Image image = new ImageSource.Image(idOf(name), m);
    images.put(image.id(), image);
    return image;
  }

  private static Dependency byName(String name) {
    return Dependency.of(AcIdentifier.parse("example.com/" + name));
  }

  private static Dependency byId(String name) throws Exception {
    return new Dependency(AcIdentifier.parse("example.com/" + name), Optional.of(idOf(name)),
        Labels.empty(), java.util.OptionalLong.empty());
  }

  private static List<String> names(List<RenderLayer> layers) {
    List<String> names = new ArrayList<>();
    layers.forEach(l -> names.add(l.manifest().name().toString().substring(12)));
    return names;
  }

  @Test
  void specExample_dependenciesDepthFirstInListOrder() throws Exception {
    add("b", List.of());
    add("d", List.of());
    add("c", List.of(), byName("d"));
    ImageSource.Image a = add("a", List.of(), byName("b"), byId("c"));
    assertThat(names(DependencyResolver.layers(a, source))).containsExactly("b", "d", "c", "a");
  }

  @Test
  void diamond_sharedDependencyIsLaidDownOnEachPath() throws Exception {
    add("d", List.of());
    add("b", List.of(), byName("d"));
    add("c", List.of(), byName("d"));
    ImageSource.Image a = add("a", List.of(), byName("b"), byName("c"));
    assertThat(names(DependencyResolver.layers(a, source)))
        .containsExactly("d", "b", "d", "c", "a");
  }

  @Test
  void whitelistsComeFromTheImageAndItsAncestors_notFromSiblings() throws Exception {
    add("d", List.of("/d"));
    add("b", List.of("/b", "/d"), byName("d"));
    add("c", List.of("/c"));
    ImageSource.Image a = add("a", List.of(), byName("b"), byName("c"));
    List<RenderLayer> layers = DependencyResolver.layers(a, source);
    assertThat(names(layers)).containsExactly("d", "b", "c", "a");
    assertThat(layers.get(0).whitelists()).extracting(PathWhitelist::asList)
        .containsExactly(List.of("/d"), List.of("/b", "/d"));
    // c is b's sibling: b's whitelist does not filter it
    assertThat(layers.get(2).whitelists()).extracting(PathWhitelist::asList)
        .containsExactly(List.of("/c"));
    assertThat(layers.get(3).whitelists()).isEmpty();
  }

  @Test
  void missingDependencyNamesTheChain() throws Exception {
    add("c", List.of(), byName("d"));
    ImageSource.Image a = add("a", List.of(), byName("c"));
    assertThatThrownBy(() -> DependencyResolver.layers(a, source))
        .isInstanceOf(JaciException.class)
        .hasMessage("example.com/a -> example.com/c -> example.com/d: not in the store");
  }

  @Test
  void missingDependencyByIdNamesTheId() throws Exception {
    ImageSource.Image a = add("a", List.of(), byId("gone"));
    assertThatThrownBy(() -> DependencyResolver.layers(a, source))
        .hasMessageStartingWith("example.com/a -> example.com/gone (sha512-")
        .hasMessageEndingWith("): not in the store");
  }

  @Test
  void cycleIsAnErrorNamingIt() throws Exception {
    add("b", List.of(), byName("a"));
    ImageSource.Image a = add("a", List.of(), byName("b"));
    assertThatThrownBy(() -> DependencyResolver.layers(a, source))
        .hasMessage("example.com/a -> example.com/b -> example.com/a: a dependency cycle");
  }

  @Test
  void labelsMustAllMatch() throws Exception {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/base"))
        .labels(Labels.of("version", "1.0.0", "arch", "amd64")).build();
    images.put(idOf("base"), new ImageSource.Image(idOf("base"), m));
    Dependency wrongArch = Dependency.of(AcIdentifier.parse("example.com/base"),
        Labels.of("arch", "aarch64"));
    ImageSource.Image a = add("a", List.of(), wrongArch);
    assertThatThrownBy(() -> DependencyResolver.layers(a, source))
        .hasMessage("example.com/a -> example.com/base,arch=aarch64: not in the store");
  }

  /** A chain l(n-1) -> ... -> l1 -> l0, each pinned by ID; returns its top. */
  private ImageSource.Image chain(int n) throws Exception {
    ImageSource.Image top = add("l0", List.of());
    for (int i = 1; i < n; i++) {
      top = add("l" + i, List.of(), byId("l" + (i - 1)));
    }
    return top;
  }

  @Test
  void aChainOfTheLimit_isRendered() throws Exception {
    List<RenderLayer> layers = DependencyResolver.layers(chain(1000), source);
    assertThat(layers).hasSize(1000);
    assertThat(names(layers).get(0)).isEqualTo("l0");
  }

  /**
   * Issue 10, item 7: at 1,500 deep the message was one line of about 100 KB. It names the
   * 1,001st image, the first one too deep.
   */
  @Test
  void aChainDeeperThanTheLimit_item7_isRefusedNamingOnlyItsEnds() throws Exception {
    ImageSource.Image top = chain(1500);
    assertThatThrownBy(() -> DependencyResolver.layers(top, source))
        .isInstanceOf(JaciException.class)
        .hasMessage("example.com/l1499 -> example.com/l1498 -> example.com/l1497 -> ... -> "
            + "example.com/l501 -> example.com/l500 -> example.com/l499: dependencies more than "
            + "1000 images deep (a chain this deep is taken for a mistake)");
  }

  /** Issue 10, item 7: the recursion ended in StackOverflowError. */
  @Test
  void aVeryDeepChain_item7_isAnErrorNotAStackOverflow() throws Exception {
    ImageSource.Image top = chain(50_000);
    assertThatThrownBy(() -> DependencyResolver.layers(top, source))
        .isInstanceOf(JaciException.class)
        .hasMessageContaining("more than 1000 images deep");
  }

  @Test
  void tooManyLayers_isRefusedWithAShortMessage() throws Exception {
    List<Dependency> deps = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      add("w" + i, List.of());
      deps.add(byId("w" + i));
    }
    ImageSource.Image wide = add("wide", List.of(), deps.toArray(Dependency[]::new));
    assertThatThrownBy(() -> DependencyResolver.layers(wide, source))
        .hasMessage("example.com/wide: more than 1000 layers to render (a dependency graph "
            + "this big is taken for a mistake)");
  }
}
