package io.jaci.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines a command wrote, kept while its output streams past: a ring of at most
 * {@code lines} lines of at most {@link #MAX_LINE} characters each, whatever the command writes
 * (a line of a gigabyte keeps its start). Lines are cleaned for one terminal line each: a
 * carriage return keeps what follows it (a progress bar's last state), escape sequences and
 * other control characters are dropped. Streams writing into one tail ({@link #tee}) are safe
 * from several threads; each keeps its own unfinished line.
 */
public final class OutputTail {
  /** The longest line kept, in characters. */
  public static final int MAX_LINE = 200;

  private final int lines;
  private final ArrayDeque<String> ring = new ArrayDeque<>();

  private OutputTail(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines " + lines + ": at least 1");
    }
    this.lines = lines;
  }

  /** A tail of the last {@code lines} lines. */
  public static OutputTail of(int lines) {
    return new OutputTail(lines);
  }

  /** The lines kept, oldest first (an unfinished last line counts once its stream closes). */
  public synchronized List<String> lines() {
    return List.copyOf(ring);
  }

  private synchronized void add(String line) {
    if (ring.size() == lines) {
      ring.removeFirst();
    }
    ring.addLast(line);
  }

  /**
   * A stream that writes through to {@code live} (flushed at each write, so the output is seen
   * as it comes; when {@code live} fails, no longer) and keeps its lines here; closing it keeps
   * an unfinished last line and does not close {@code live}.
   */
  public OutputStream tee(OutputStream live) {
    return new Tee(live);
  }

  private final class Tee extends OutputStream {
    private final OutputStream live;
    /** The unfinished line's bytes, up to a bound (UTF-8 takes up to 4 bytes a character). */
    private final byte[] line = new byte[MAX_LINE * 4 + 64];
    private int length;
    private boolean cut;
    private boolean liveClosed;

    Tee(OutputStream live) {
      this.live = live;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!liveClosed) {
        try {
          live.write(b, off, len);
          live.flush();
        } catch (IOException e) {
          // (jaci piped into a reader that stopped): the command goes on, its tail is kept
          liveClosed = true;
        }
      }
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          endLine();
        } else if (b[i] == '\r') {
          length = 0; // what follows overwrites the line on a terminal
          cut = false;
        } else if (length < line.length) {
          line[length++] = b[i];
        } else {
          cut = true;
        }
      }
    }

    private void endLine() {
      add(clean(new String(line, 0, length, StandardCharsets.UTF_8), cut));
      length = 0;
      cut = false;
    }

    @Override
    public void flush() {
      // each write is flushed
    }

    @Override
    public void close() {
      if (length > 0 || cut) {
        endLine();
      }
    }
  }

  /** {@code text} without escape sequences and control characters, cut to {@link #MAX_LINE}. */
  static String clean(String text, boolean cut) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LINE + 1));
    for (int i = 0; i < text.length() && b.length() <= MAX_LINE; i++) {
      char c = text.charAt(i);
      if (c == 0x1b) {
        i = skipEscape(text, i);
      } else if (c == '\t') {
        b.append(' ');
      } else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
        b.append(c);
      }
    }
    if (b.length() > MAX_LINE || cut) {
      b.setLength(Math.min(b.length(), MAX_LINE - 1));
      b.append('…');
    }
    return b.toString();
  }

  /** The index of the last character of the escape sequence starting at {@code i}. */
  private static int skipEscape(String text, int i) {
    if (i + 1 < text.length() && text.charAt(i + 1) == '[') {
      int j = i + 2;
      while (j < text.length() && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7e)) {
        j++;
      }
      return j; // a CSI sequence ends with a byte in @..~
    }
    return Math.min(i + 1, text.length() - 1); // ESC and one character
  }
}
