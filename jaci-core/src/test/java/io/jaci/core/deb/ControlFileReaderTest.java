package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlFileReaderTest {
  private static final String TEXT = String.join("\n",
      "# a comment",
      "Package: hello",
      "Version: 2.10-3",
      "Depends: libc6 (>= 2.34),",
      " libfoo",
      "Description: example package",
      " The long description.",
      " .",
      " Second paragraph.",
      "",
      "",
      "Package: other",
      "conffiles:",
      " /etc/a 0123",
      "");

  @Test
  void readsParagraphsWithContinuationLines() throws Exception {
    List<ControlParagraph> ps = ControlFileReader.parseAll(TEXT, "test");
    assertThat(ps).hasSize(2);
    ControlParagraph hello = ps.get(0);
    assertThat(hello.get("package")).contains("hello");
    assertThat(hello.get("DEPENDS")).contains("libc6 (>= 2.34),\nlibfoo");
    assertThat(hello.get("Description"))
        .contains("example package\nThe long description.\n\nSecond paragraph.");
    assertThat(hello.fields().keySet())
        .containsExactly("Package", "Version", "Depends", "Description");
    assertThat(ps.get(1).get("Conffiles")).contains("\n/etc/a 0123");
  }

  @Test
  void writesBackTheSameText() throws Exception {
    List<ControlParagraph> ps = ControlFileReader.parseAll(TEXT, "test");
    assertThat(ps.get(0).toText()).isEqualTo(String.join("\n",
        "Package: hello",
        "Version: 2.10-3",
        "Depends: libc6 (>= 2.34),",
        " libfoo",
        "Description: example package",
        " The long description.",
        " .",
        " Second paragraph.",
        ""));
    assertThat(ps.get(1).toText()).isEqualTo("Package: other\nconffiles:\n /etc/a 0123\n");
  }

  @Test
  void reportsLinesThatAreNotFields() {
    assertThatThrownBy(() -> ControlFileReader.parseAll("Package: a\nnonsense\n", "Packages"))
        .hasMessage("Packages: line 2: expected \"Field: value\", got \"nonsense\"");
    assertThatThrownBy(() -> ControlFileReader.parseAll(" lost\n", "control"))
        .hasMessage("control: line 1: continuation line without a field");
  }
}
