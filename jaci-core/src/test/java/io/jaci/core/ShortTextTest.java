package io.jaci.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortTextTest {
  @Test
  void cut_leavesShortTextAlone() {
    assertThat(ShortText.cut("abc", 3)).isEqualTo("abc");
  }

  @Test
  void cut_keepsBothEnds_withAnEllipsis_atTheGivenLength() {
    String text = "start " + "x".repeat(1000) + " the reason";
    String cut = ShortText.cut(text, 60);
    assertThat(cut).hasSize(60).startsWith("start xxx").endsWith("x the reason").contains("…");
  }

  @Test
  void chain_showsShortChainsWhole() {
    assertThat(ShortText.chain(List.of("a", "b", "c"))).isEqualTo("a -> b -> c");
  }

  @Test
  void chain_showsTheFirstAndLastThreeLinksOfALongOne() {
    List<String> links = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      links.add("example.com/layer-" + i);
    }
    assertThat(ShortText.chain(links)).isEqualTo("example.com/layer-0 -> example.com/layer-1"
        + " -> example.com/layer-2 -> ... -> example.com/layer-1497 -> example.com/layer-1498"
        + " -> example.com/layer-1499");
  }
}
