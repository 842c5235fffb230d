package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationTest {

  @Test
  void parsesGroupsAlternativesVersionsAndArchitectures() {
    List<List<Relation>> f = Relation.parseField(
        "a (>= 1.2) | b:any, c [amd64], d (<< 2~), e (<= 3), f (= 1:4-1), g (>> 0.5)");
    assertThat(f).hasSize(6);
    assertThat(f.get(0)).hasSize(2);
    Relation a = f.get(0).get(0);
    assertThat(a.name()).isEqualTo("a");
    assertThat(a.op()).isEqualTo(Relation.Op.LATER_EQUAL);
    assertThat(a.version()).isEqualTo(DebianVersion.parse("1.2"));
    Relation b = f.get(0).get(1);
    assertThat(b.name()).isEqualTo("b");
    assertThat(b.archQualifier()).isEqualTo("any");
    assertThat(b.op()).isNull();
    assertThat(f.get(1).get(0).architectures()).containsExactly("amd64");
    assertThat(f.get(2).get(0).op()).isEqualTo(Relation.Op.EARLIER);
    assertThat(f.get(3).get(0).op()).isEqualTo(Relation.Op.EARLIER_EQUAL);
    assertThat(f.get(4).get(0).version().epoch()).isEqualTo(1);
    assertThat(f.get(5).get(0).op()).isEqualTo(Relation.Op.LATER);
  }

  @Test
  void operatorsCompareVersions() {
    DebianVersion one = DebianVersion.parse("1.0");
    assertThat(Relation.parse("x (<< 1.0)").acceptsVersion(one)).isFalse();
    assertThat(Relation.parse("x (<= 1.0)").acceptsVersion(one)).isTrue();
    assertThat(Relation.parse("x (= 1.0)").acceptsVersion(one)).isTrue();
    assertThat(Relation.parse("x (>= 1.0)").acceptsVersion(one)).isTrue();
    assertThat(Relation.parse("x (>> 1.0)").acceptsVersion(one)).isFalse();
    assertThat(Relation.parse("x (>> 1.0~)").acceptsVersion(one)).isTrue();
    assertThat(Relation.parse("x (< 1.0)").acceptsVersion(one)).as("obsolete < is <=").isTrue();
    assertThat(Relation.parse("x").acceptsVersion(one)).isTrue();
  }

  @Test
  void architectureRestrictions() {
    assertThat(Relation.parse("c [amd64 arm64]").appliesTo("amd64")).isTrue();
    assertThat(Relation.parse("c [amd64 arm64]").appliesTo("i386")).isFalse();
    assertThat(Relation.parse("c [!amd64]").appliesTo("amd64")).isFalse();
    assertThat(Relation.parse("c [!amd64]").appliesTo("armhf")).isTrue();
    assertThat(Relation.parse("c").appliesTo("armhf")).isTrue();
  }

  @Test
  void multiLineFieldsAndBuildProfiles() {
    List<List<Relation>> f = Relation.parseField("a,\n b <!nocheck>,\n c (>= 1) [amd64] <!x>");
    assertThat(f).extracting(g -> g.get(0).name()).containsExactly("a", "b", "c");
    assertThat(f.get(2).get(0).toString()).isEqualTo("c (>= 1)");
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Relation.parseField("a (~ 1)"))
        .hasMessage("invalid relation \"a (~ 1)\": unknown operator in \"(~ 1)\"");
    assertThatThrownBy(() -> Relation.parseField("a (>= 1"))
        .hasMessageContaining("unclosed (");
    assertThatThrownBy(() -> Relation.parseField("A B")).hasMessageContaining("not a package name");
  }
}
