package io.jaci.core.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last lines a command wrote, kept while its output streams past: a ring of at most
 * {@code lines} lines of at most {@link #MAX_LINE} characters each, whatever the command writes
 * (a line of a gigabyte keeps its start). Lines are cleaned for one terminal line each: a
 * carriage return keeps what follows it (a progress bar's last state), escape sequences and
 * other control characters are dropped. Streams writing into one tail ({@link #tee}) are safe
 * from several threads; each keeps its own unfinished line.
 *
 * <p>The order of lines from two streams (a command's stdout and stderr, read by two threads
 * from two pipes) is the order they arrived in, which need not be the order they were written
 * in: stdout read late can arrive after the stderr line written after it. So no stream's last
 * lines are pushed out by another's: each of {@code n} streams keeps its last {@code lines / n}
 * lines in the tail, and the rest of it holds the newest lines of any stream. The error a
 * failing command writes last to stderr is shown however late its stdout was read.
 */
public final class OutputTail {
  /** The longest line kept, in characters. */
  public static final int MAX_LINE = 200;

  private final int lines;
  private final List<Tee> streams = new ArrayList<>();
  /** The arrival number of the next line, across all streams. */
  private long arrivals;

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

  /**
   * The lines kept, in arrival order: at most {@code lines}, each stream's last ones first, then
   * the newest of any stream (an unfinished last line counts once its stream closes).
   */
  public synchronized List<String> lines() {
    int share = streams.isEmpty() ? 0 : lines / streams.size();
    List<Line> all = new ArrayList<>();
    List<Line> chosen = new ArrayList<>();
    for (Tee t : streams) {
      int i = 0;
      int from = t.ring.size() - share;
      for (Line l : t.ring) {
        (i++ >= from ? chosen : all).add(l);
      }
    }
    all.sort(Comparator.comparingLong(Line::arrival));
    chosen.addAll(all.subList(Math.max(0, all.size() - (lines - chosen.size())), all.size()));
    chosen.sort(Comparator.comparingLong(Line::arrival));
    return chosen.stream().map(Line::text).toList();
  }

  private synchronized void add(Tee stream, String text) {
    if (stream.ring.size() == lines) {
      stream.ring.removeFirst();
    }
    stream.ring.addLast(new Line(arrivals++, text));
  }

  private record Line(long arrival, String text) {}

  /**
   * A stream that writes through to {@code live} (flushed at each write, so the output is seen
   * as it comes; when {@code live} fails, no longer) and keeps its lines here; closing it keeps
   * an unfinished last line and does not close {@code live}.
   */
  public synchronized OutputStream tee(OutputStream live) {
    Tee t = new Tee(live);
    streams.add(t);
    return t;
  }

  private final class Tee extends OutputStream {
    private final OutputStream live;
    /** This stream's last lines, guarded by the tail's lock. */
    private final ArrayDeque<Line> ring = new ArrayDeque<>();
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
      add(this, clean(new String(line, 0, length, StandardCharsets.UTF_8), cut));
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
