package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, bad input "a RUN that fails": the last lines of a step's output, kept while it
 * streams past for the error to show, bounded whatever the step writes.
 */
class OutputTailTest {
  private static void write(OutputStream s, String text) throws Exception {
    s.write(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsTheLastLines_andPassesEveryByteThrough() throws Exception {
    OutputTail tail = OutputTail.of(3);
    ByteArrayOutputStream live = new ByteArrayOutputStream();
    try (OutputStream s = tail.tee(live)) {
      for (int i = 1; i <= 12; i++) {
        write(s, "line " + i + "\n");
      }
      write(s, "unfinished");
    }
    assertThat(tail.lines()).containsExactly("line 11", "line 12", "unfinished");
    assertThat(live.toString(StandardCharsets.UTF_8)).startsWith("line 1\nline 2\n")
        .endsWith("line 12\nunfinished");
  }

  @Test
  void twoStreams_shareTheRing_eachWithItsOwnUnfinishedLine() throws Exception {
    OutputTail tail = OutputTail.of(10);
    OutputStream out = tail.tee(OutputStream.nullOutputStream());
    OutputStream err = tail.tee(OutputStream.nullOutputStream());
    write(out, "out ");
    write(err, "err says\n");
    write(out, "says\n");
    assertThat(tail.lines()).containsExactly("err says", "out says");
  }

  /**
   * CI saw a failing RUN's tail without its stderr line: the stdout pipe was read after the
   * stderr line written after it, so twelve stdout lines pushed "oops" out of a tail of ten.
   */
  @Test
  void aStreamReadLate_doesNotPushOutTheOtherStreamsLastLines() throws Exception {
    OutputTail tail = OutputTail.of(10);
    OutputStream out = tail.tee(OutputStream.nullOutputStream());
    OutputStream err = tail.tee(OutputStream.nullOutputStream());
    write(err, "oops\n");
    for (int i = 1; i <= 12; i++) {
      write(out, "line " + i + "\n");
    }
    assertThat(tail.lines()).as("arrival order; stderr's last line kept, then the newest")
        .containsExactly("oops", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9",
            "line 10", "line 11", "line 12");
  }

  @Test
  void eachStreamKeepsItsShare_theRestAreTheNewestOfAny() throws Exception {
    OutputTail tail = OutputTail.of(4);
    OutputStream out = tail.tee(OutputStream.nullOutputStream());
    OutputStream err = tail.tee(OutputStream.nullOutputStream());
    for (int i = 1; i <= 5; i++) {
      write(err, "err " + i + "\n");
    }
    write(out, "out 1\n");
    assertThat(tail.lines()).as("one stdout line, the three newest of stderr")
        .containsExactly("err 3", "err 4", "err 5", "out 1");
    for (int i = 2; i <= 5; i++) {
      write(out, "out " + i + "\n");
    }
    assertThat(tail.lines()).as("two each: each stream's share of four")
        .containsExactly("err 4", "err 5", "out 4", "out 5");
  }

  @Test
  void aHugeLine_isCut_andCarriageReturnsAndEscapesAreGone() throws Exception {
    OutputTail tail = OutputTail.of(5);
    try (OutputStream s = tail.tee(OutputStream.nullOutputStream())) {
      byte[] mb = new byte[1 << 20];
      java.util.Arrays.fill(mb, (byte) 'x');
      s.write(mb);
      write(s, "\n");
      write(s, "Progress 10%\rProgress 100%\n");
      write(s, "\u001b[1;31mred\u001b[0m and a bell\u0007\n");
      write(s, "é ünïcode split");
      s.write(new byte[] {(byte) 0xe2});
      s.write(new byte[] {(byte) 0x82, (byte) 0xac});
      write(s, "\n");
    }
    assertThat(tail.lines()).hasSize(4);
    assertThat(tail.lines().get(0)).hasSize(OutputTail.MAX_LINE).endsWith("x…");
    assertThat(tail.lines().subList(1, 4)).containsExactly("Progress 100%", "red and a bell",
        "é ünïcode split€");
  }

  @Test
  void noLines_isAMistake() {
    assertThatThrownBy(() -> OutputTail.of(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLiveStreamThatFails_stopsGettingOutput_theTailGoesOn() throws Exception {
    OutputTail tail = OutputTail.of(2);
    int[] writes = {0};
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        writes[0]++;
        throw new java.io.IOException("Broken pipe");
      }
    };
    try (OutputStream s = tail.tee(broken)) {
      write(s, "one\n");
      write(s, "two\nthree\n");
    }
    assertThat(writes[0]).as("not written to again").isEqualTo(1);
    assertThat(tail.lines()).containsExactly("two", "three");
  }
}
