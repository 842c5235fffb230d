package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.render.TreeOwners;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list of owners a rootless in-place command left (issue 12, RUN under another USER). */
class TreeOwnershipTest {
  @TempDir
  Path app;

  private void list(String text, boolean done) throws IOException {
    TreeOwnership.keep(app);
    Path k = app.resolve("kept-owners");
    Files.write(k.resolve("list"), text.getBytes(StandardCharsets.UTF_8));
    if (done) {
      Files.createFile(k.resolve("done"));
    }
  }

  @Test
  void kept_readsNulTerminatedRecords_withSpacesInNames() throws IOException {
    list("1000 1000 2750 d ./home/u\0" + "0 50 4755 f ./a b\0" + "7 7 777 l .\0", true);
    assertThat(TreeOwnership.kept(app)).containsExactly(
        new TreeOwners.Entry("home/u", 1000, 1000, 02750, false),
        new TreeOwners.Entry("a b", 0, 50, 04755, false),
        new TreeOwners.Entry("", 7, 7, 0777, true));
  }

  @Test
  void kept_unfinishedOrMalformedList_isAnError() throws IOException {
    list("1000 1000 755 d ./x\0", false);
    assertThatThrownBy(() -> TreeOwnership.kept(app)).isInstanceOf(IOException.class)
        .hasMessageContaining("not listed");
    Files.createFile(app.resolve("kept-owners/done"));
    Files.writeString(app.resolve("kept-owners/list"), "x 1000 755 d ./x\0");
    assertThatThrownBy(() -> TreeOwnership.kept(app)).isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected line");
    Files.writeString(app.resolve("kept-owners/list"), "1 1 755 d /etc/x\0");
    assertThatThrownBy(() -> TreeOwnership.kept(app)).isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected line");
  }
}
