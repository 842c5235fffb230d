package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The files inside an uncompressed tar archive ({@code docker save} output, or an OCI layout
 * packed in a tar), read in place: the headers are indexed once by seeking over the
 * contents, and each file is then read from its offset. Symbolic links between entries (old
 * {@code docker save} links identical {@code layer.tar}s) are followed inside the archive.
 */
final class TarArchiveFiles implements LayoutFiles {
  private static final int MAX_LINKS = 8;

  private final Path file;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();

  private TarArchiveFiles(Path file, TarFile tar) {
    this.file = file;
    this.tar = tar;
    for (TarArchiveEntry e : tar.getEntries()) {
      entries.put(clean(e.getName()), e);
    }
  }

  static TarArchiveFiles open(Path file) throws JaciException {
    try {
      return new TarArchiveFiles(file, new TarFile(file));
    } catch (IOException | RuntimeException e) {
      throw new JaciException(file + ": not a tar archive (docker save output): "
          + (e instanceof IOException io ? IoMessages.describe(io) : e.getMessage()), e);
    }
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    return n;
  }

  private TarArchiveEntry find(String name) throws JaciException {
    String current = clean(LayoutFiles.checked(name, file.toString()));
    for (int i = 0; i <= MAX_LINKS; i++) {
      TarArchiveEntry e = entries.get(current);
      if (e == null || !e.isSymbolicLink()) {
        return e;
      }
      String target = e.getLinkName();
      String base = current.contains("/") ? current.substring(0, current.lastIndexOf('/') + 1)
          : "";
      current = clean(java.nio.file.Path.of("/" + base + target).normalize().toString()
          .substring(1));
    }
    throw new JaciException(describe(name) + ": too many symbolic links");
  }

  @Override
  public boolean exists(String name) {
    try {
      TarArchiveEntry e = find(name);
      return e != null && e.isFile();
    } catch (JaciException e) {
      return false;
    }
  }

  @Override
  public InputStream open(String name) throws JaciException {
    TarArchiveEntry e = find(name);
    if (e == null || !e.isFile()) {
      throw new JaciException(describe(name) + ": missing from the archive");
    }
    try {
      return tar.getInputStream(e);
    } catch (IOException ex) {
      throw new JaciException(describe(name) + ": " + IoMessages.describe(ex), ex);
    }
  }

  @Override
  public long size(String name) throws JaciException {
    TarArchiveEntry e = find(name);
    if (e == null) {
      throw new JaciException(describe(name) + ": missing from the archive");
    }
    return e.getSize();
  }

  @Override
  public String describe(String name) {
    return file + ": " + name;
  }

  @Override
  public void close() throws JaciException {
    try {
      tar.close();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }
}
