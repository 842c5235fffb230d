package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of an image layout, in a directory or inside a tar archive: names are relative
 * and use {@code /}; {@code ..} and absolute names are refused, so nothing outside is read.
 */
interface LayoutFiles extends AutoCloseable {
  /** The largest JSON document read (manifests, configs, indexes). */
  int MAX_JSON = 16 << 20;

  /** Whether {@code name} is a file. */
  boolean exists(String name);

  /** Opens {@code name}; its size is {@link #size}. */
  InputStream open(String name) throws JaciException;

  long size(String name) throws JaciException;

  /** Names {@code name} in messages, e.g. {@code image.tar: manifest.json}. */
  String describe(String name);

  /** Reads a JSON document of at most {@link #MAX_JSON} bytes. */
  default byte[] readSmall(String name) throws JaciException {
    try (InputStream in = open(name)) {
      byte[] bytes = in.readNBytes(MAX_JSON + 1);
      if (bytes.length > MAX_JSON) {
        throw new JaciException(describe(name) + ": over " + (MAX_JSON >> 20)
            + " MiB, too large for a JSON document of an image");
      }
      return bytes;
    } catch (IOException e) {
      throw new JaciException(describe(name) + ": " + IoMessages.describe(e), e);
    }
  }

  @Override
  void close() throws JaciException;

  /** Checks a name from a document before it is used to open a file. */
  static String checked(String name, String what) throws JaciException {
    String clean = name.startsWith("./") ? name.substring(2) : name;
    if (clean.isEmpty() || clean.startsWith("/") || clean.indexOf('\0') >= 0
        || ("/" + clean + "/").contains("/../")) {
      throw new JaciException(what + ": \"" + name + "\" is no relative path inside the image");
    }
    return clean;
  }

  /** The files below a directory. */
  static LayoutFiles directory(Path root) {
    return new LayoutFiles() {
      @Override
      public boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name));
      }

      @Override
      public InputStream open(String name) throws JaciException {
        Path file = root.resolve(checked(name, root.toString()));
        try {
          if (!file.toRealPath().startsWith(root.toRealPath())) {
            throw new JaciException(file + ": a symbolic link out of the layout");
          }
          return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
          throw new JaciException(file + ": missing from the layout");
        } catch (IOException e) {
          throw new JaciException(IoMessages.about(file, e), e);
        }
      }

      @Override
      public long size(String name) throws JaciException {
        Path file = root.resolve(checked(name, root.toString()));
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new JaciException(IoMessages.about(file, e), e);
        }
      }

      @Override
      public String describe(String name) {
        return root.resolve(name).toString();
      }

      @Override
      public void close() {}
    };
  }
}
