package io.jaci.core.tar;

/** The kinds of tar entries jaci reads and writes, with their POSIX type flags. */
public enum TarEntryType {
  REGULAR('0'),
  HARD_LINK('1'),
  SYMLINK('2'),
  CHAR_DEVICE('3'),
  BLOCK_DEVICE('4'),
  DIRECTORY('5'),
  FIFO('6');

  private final char flag;

  TarEntryType(char flag) {
    this.flag = flag;
  }

  /** The type flag byte of a ustar header. */
  public char flag() {
    return flag;
  }
}
