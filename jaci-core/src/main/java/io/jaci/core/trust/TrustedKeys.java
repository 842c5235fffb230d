package io.jaci.core.trust;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The trusted keys of both keystore levels, read once. A file counts when it is a regular
 * file (not a symbolic link) named by the fingerprint of the one key it holds; anything else
 * is reported in {@link #problems()} and ignored. An empty user-level file disables the
 * system-level key of the same name and prefix, as in rkt.
 */
public final class TrustedKeys {
  /** Directory levels below {@code prefix.d} that are read; deeper ones are reported. */
  static final int MAX_DEPTH = 32;
  /** Files read per level; a keystore with more is reported. */
  static final int MAX_FILES = 10_000;

  private final KeystoreDirs dirs;
  private final List<TrustedKey> keys;
  private final List<String> problems;

  private TrustedKeys(KeystoreDirs dirs, List<TrustedKey> keys, List<String> problems) {
    this.dirs = dirs;
    this.keys = List.copyOf(keys);
    this.problems = List.copyOf(problems);
  }

  /** Reads the keystore; missing directories are empty ones. */
  public static TrustedKeys load(KeystoreDirs dirs) {
    List<TrustedKey> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<Path> userNames = new HashSet<>(); // root.d/F or prefix.d/NAME/F at user level
    for (KeystoreDirs.Level level : KeystoreDirs.Level.values()) {
      new LevelReader(dirs.of(level), level, problems).read((prefix, file, key) -> {
        Path id = dirs.of(level).relativize(file);
        if (level == KeystoreDirs.Level.USER) {
          userNames.add(id);
        } else if (userNames.contains(id)) {
          return; // the user's file (maybe empty: disabled) wins
        }
        if (key != null) {
          keys.add(new TrustedKey(key, prefix, level, file));
        }
      });
    }
    return new TrustedKeys(dirs, keys, problems);
  }

  /** Every trusted key, user level first. */
  public List<TrustedKey> all() {
    return keys;
  }

  /** The keys that may sign the image {@code name}: its prefixes' keys and the root keys. */
  public List<TrustedKey> forImage(AcIdentifier name) {
    return keys.stream().filter(k -> k.prefix().covers(name)).toList();
  }

  /** Files that were ignored, each with why: one line each. */
  public List<String> problems() {
    return problems;
  }

  public KeystoreDirs dirs() {
    return dirs;
  }

  /**
   * Trusts {@code key} for {@code prefix}: writes it (armored) to {@code
   * level/.../FINGERPRINT} in one step; an existing file of that name is replaced.
   *
   * @return the file written
   */
  public Path add(OpenPgpKey key, KeyPrefix prefix, KeystoreDirs.Level level)
      throws JaciException {
    Path dir = prefix.directory(dirs.of(level));
    Path file = dir.resolve(key.fingerprint().hex());
    try {
      Files.createDirectories(dir);
      try (AtomicOutputFile out = AtomicOutputFile.create(file, true)) {
        out.stream().write(key.armored());
        out.commitDurably();
      }
      return file;
    } catch (IOException e) {
      throw new JaciException("trusting key " + key.fingerprint() + ": "
          + IoMessages.describe(e) + (e instanceof AccessDeniedException
              ? " (the system keystore needs root)" : ""), e);
    }
  }

  /**
   * Removes every file of {@code fingerprint} at {@code level}, whatever its prefix.
   *
   * @return the files removed
   * @throws JaciException when the level has none (naming where the key is, if elsewhere)
   */
  public List<Path> remove(Fingerprint fingerprint, KeystoreDirs.Level level)
      throws JaciException {
    List<Path> removed = new ArrayList<>();
    List<Path> elsewhere = new ArrayList<>();
    for (Path f : filesNamed(fingerprint)) {
      if (f.startsWith(dirs.of(level))) {
        try {
          Files.delete(f);
          removed.add(f);
        } catch (IOException e) {
          throw new JaciException("removing key " + fingerprint + ": " + IoMessages.describe(e),
              e);
        }
      } else {
        elsewhere.add(f);
      }
    }
    if (removed.isEmpty()) {
      throw new JaciException("key " + fingerprint + " is not in the " + level + " keystore "
          + dirs.of(level) + (elsewhere.isEmpty() ? " (see jaci trust list)"
              : "; it is at " + elsewhere.get(0) + (level == KeystoreDirs.Level.USER
                  ? " (remove it with --system, as root)" : "")));
    }
    return removed;
  }

  /** The files, at both levels, named {@code fingerprint} (disabling empty ones too). */
  private List<Path> filesNamed(Fingerprint fingerprint) {
    List<Path> files = new ArrayList<>();
    for (KeystoreDirs.Level level : KeystoreDirs.Level.values()) {
      new LevelReader(dirs.of(level), level, new ArrayList<>()).read((prefix, file, key) -> {
        if (file.getFileName().toString().equals(fingerprint.hex())) {
          files.add(file);
        }
      });
    }
    return files;
  }

  /** Receives each key file of a level; {@code key} is null for an empty (disabling) file. */
  private interface KeyFileSink {
    void accept(KeyPrefix prefix, Path file, OpenPgpKey key);
  }

  /** Walks one level without following symbolic links and without recursion. */
  private static final class LevelReader {
    private final Path root;
    private final KeystoreDirs.Level level;
    private final List<String> problems;
    private int files;

    LevelReader(Path root, KeystoreDirs.Level level, List<String> problems) {
      this.root = root;
      this.level = level;
      this.problems = problems;
    }

    void read(KeyFileSink sink) {
      readDirectory(root.resolve("root.d"), KeyPrefix.root(), sink);
      Path prefixes = root.resolve("prefix.d");
      Deque<Path> pending = new ArrayDeque<>();
      pending.add(prefixes);
      while (!pending.isEmpty()) {
        Path dir = pending.pop();
        KeyPrefix prefix = null;
        if (!dir.equals(prefixes)) {
          String name = prefixes.relativize(dir).toString();
          try {
            prefix = KeyPrefix.of(name);
          } catch (IllegalArgumentException e) {
            problems.add(dir + ": not a key prefix directory, ignored (" + e.getMessage() + ")");
            continue;
          }
          if (prefixes.relativize(dir).getNameCount() > MAX_DEPTH) {
            problems.add(dir + ": over " + MAX_DEPTH + " levels deep, ignored");
            continue;
          }
        }
        pending.addAll(readDirectory(dir, prefix, sink));
      }
    }

    /** Reads the key files of {@code dir}; returns its subdirectories. */
    private List<Path> readDirectory(Path dir, KeyPrefix prefix, KeyFileSink sink) {
      List<Path> subdirectories = new ArrayList<>();
      List<Path> entries;
      try (Stream<Path> s = Files.list(dir)) {
        entries = s.sorted().toList();
      } catch (NoSuchFileException e) {
        return subdirectories;
      } catch (IOException e) {
        problems.add(level + " keystore: " + IoMessages.describe(e) + ", its keys ignored");
        return subdirectories;
      }
      for (Path entry : entries) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          continue; // removed meanwhile
        }
        if (a.isSymbolicLink()) {
          problems.add(entry + ": a symbolic link, ignored (keystore files must be files)");
        } else if (a.isDirectory()) {
          if (prefix != null && prefix.isRoot()) {
            problems.add(entry + ": a directory in root.d, ignored");
          } else {
            subdirectories.add(entry);
          }
        } else if (!a.isRegularFile()) {
          problems.add(entry + ": not a regular file, ignored");
        } else if (prefix == null) {
          problems.add(entry + ": a file directly in prefix.d, ignored (keys go into "
              + "prefix.d/NAME/)");
        } else if (++files > MAX_FILES) {
          if (files == MAX_FILES + 1) {
            problems.add(root + ": over " + MAX_FILES + " files, the rest ignored");
          }
        } else {
          readFile(entry, a, prefix, sink);
        }
      }
      return subdirectories;
    }

    private void readFile(Path file, BasicFileAttributes a, KeyPrefix prefix,
        KeyFileSink sink) {
      String name = file.getFileName().toString();
      if (!Fingerprint.isFingerprint(name)) {
        problems.add(file + ": not named by a key fingerprint (40 or 64 lower-case hex "
            + "digits), ignored");
        return;
      }
      if (a.size() == 0) {
        sink.accept(prefix, file, null);
        return;
      }
      List<OpenPgpKey> read;
      try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS)) {
        read = OpenPgpKey.read(in, file.toString());
      } catch (JaciException e) {
        problems.add(e.getMessage() + ", ignored");
        return;
      } catch (IOException e) {
        problems.add(IoMessages.about(file, e) + ", ignored");
        return;
      }
      if (read.size() != 1) {
        problems.add(file + ": holds " + read.size() + " keys, ignored (one key per file)");
      } else if (!read.get(0).fingerprint().hex().equals(name)) {
        problems.add(file + ": holds key " + read.get(0).fingerprint() + ", not the key its "
            + "name says, ignored");
      } else {
        sink.accept(prefix, file, read.get(0));
      }
    }
  }
}
