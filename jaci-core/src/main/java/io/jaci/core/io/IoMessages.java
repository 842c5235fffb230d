package io.jaci.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.zip.ZipException;

/** Turns I/O exceptions into the short phrases a user reads, naming the file involved. */
public final class IoMessages {
  private IoMessages() {}

  /**
   * {@code FILE: reason} for a failure while working on {@code file}: file system errors name
   * their own file, others get {@code file} put in front.
   */
  public static String about(Object file, IOException e) {
    return e instanceof FileSystemException ? describe(e) : file + ": " + describe(e);
  }

  /** What went wrong, without the file name (for callers that print the name already). */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      String d = describe(e);
      String prefix = f.getFile() + ": ";
      return d.startsWith(prefix) ? d.substring(prefix.length()) : d;
    }
    return describe(e);
  }

  /** Whether {@code e} (or a cause of it) is a full disk or an exhausted quota (ENOSPC, EDQUOT). */
  public static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
      if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
          || m.contains("SQLITE_FULL"))) {
        return true;
      }
    }
    return false;
  }

  /** A one-line description of {@code e}, e.g. {@code /x/y: no such file or directory}. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file or directory");
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "already exists");
    }
    if (e instanceof NotDirectoryException f) {
      return f.getFile() + ": not a directory";
    }
    if (e instanceof DirectoryNotEmptyException f) {
      return f.getFile() + ": directory not empty";
    }
    if (e instanceof FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "file system error");
    }
    if (e instanceof EOFException) {
      return "unexpected end of data (the file is truncated)";
    }
    if (e instanceof ZipException) {
      return "corrupt gzip data (" + e.getMessage() + ")";
    }
    String m = e.getMessage();
    if (m != null && m.contains("Unexpected end of ZLIB input stream")) {
      return "unexpected end of gzip data (the file is truncated)";
    }
    return m != null ? m : e.getClass().getSimpleName();
  }
}
