package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The users and groups of an image, read from its {@code /etc/passwd} and {@code /etc/group},
 * and the rule that turns an app's {@code user}/{@code group} into numbers.
 *
 * <p>aci.md, app {@code user}, {@code group}: "The user and group values will first be resolved
 * using the image's own /etc/passwd or /etc/group. If no valid matches are found, then if the
 * string is all numerical, it shall be converted to an integer and used as the UID/GID. If the
 * user or group field begins with a "/", the owner and group of the file found at that absolute
 * path inside the rootfs is used as the UID/GID of the process."
 *
 * <p>The image is untrusted: its files are found through {@link RootfsPaths}, so a symlink never
 * leads out of the rootfs, opened without following a last symlink, and a file over {@link
 * #MAX_FILE_BYTES} is refused.
 */
public final class ImageUsers {
  /** The largest /etc/passwd or /etc/group read. */
  static final long MAX_FILE_BYTES = 4L << 20;
  private static final long MAX_ID = 4294967294L; // (uid_t) -1 means "no change"

  private final Path rootfs;
  private final Optional<List<IdEntry>> users;
  private final Optional<List<IdEntry>> groups;

  /** A line of /etc/passwd (id = uid) or /etc/group (id = gid, members listed). */
  record IdEntry(String name, long id, List<String> members) {}

  private ImageUsers(Path rootfs, Optional<List<IdEntry>> users, Optional<List<IdEntry>> groups) {
    this.rootfs = rootfs;
    this.users = users;
    this.groups = groups;
  }

  /**
   * Reads the image's {@code /etc/passwd} and {@code /etc/group}; either may be missing (then
   * only numbers and paths resolve).
   *
   * @throws JaciException when a file exists but cannot be read, is not a regular file, or is
   *     too large
   */
  public static ImageUsers read(Path rootfs) throws JaciException {
    return new ImageUsers(rootfs,
        readSmallFile(rootfs, "/etc/passwd").map(t -> parse(t, false)),
        readSmallFile(rootfs, "/etc/group").map(t -> parse(t, true)));
  }

  private static Optional<String> readSmallFile(Path rootfs, String path) throws JaciException {
    Path file;
    try {
      file = RootfsPaths.resolve(rootfs, path);
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        throw new JaciException("the image's " + path + " is not a regular file; fix the image "
            + "or give the user and group as numbers");
      }
      if (attrs.size() > MAX_FILE_BYTES) {
        throw tooLarge(path);
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
          throw tooLarge(path); // it grew since the check
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JaciException("reading the image's " + path + ": " + IoMessages.describe(e), e);
    }
  }

  private static JaciException tooLarge(String path) {
    return new JaciException("the image's " + path + " is larger than "
        + (MAX_FILE_BYTES >> 20) + " MiB; fix the image or give the user and group as numbers");
  }

  /**
   * Parses passwd ({@code name:pw:uid:gid:...}) or group ({@code name:pw:gid:members}) lines;
   * lines without a name and a numeric id are skipped, as libc does.
   */
  static List<IdEntry> parse(String text, boolean group) {
    List<IdEntry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split(":", -1);
      if (f.length < 4 || f[0].isEmpty() || !isId(f[2])) {
        continue;
      }
      List<String> members = group && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
      entries.add(new IdEntry(f[0], Long.parseLong(f[2]), members));
    }
    return List.copyOf(entries);
  }

  private static boolean isId(String s) {
    return s.matches("[0-9]{1,10}") && Long.parseLong(s) <= MAX_ID;
  }

  /**
   * The identity for an app.
   *
   * @param user the app's user: a name, a number or an absolute path in the rootfs
   * @param group the app's group, likewise
   * @param supplementaryGids the app's {@code supplementaryGIDs} (or {@code
   *     --supplementary-gids}); the groups of {@code /etc/group} that list the user by name are
   *     added after them, as login does
   * @throws JaciException one line naming the user or group that does not resolve
   */
  public AppIdentity resolve(String user, String group, List<Integer> supplementaryGids)
      throws JaciException {
    long uid = resolveId("user", user, users, "/etc/passwd", "unix:uid");
    long gid = resolveId("group", group, groups, "/etc/group", "unix:gid");
    Set<Long> additional = new LinkedHashSet<>();
    supplementaryGids.forEach(g -> additional.add(g.longValue()));
    Optional<String> name = users.flatMap(list -> list.stream()
        .filter(e -> e.name().equals(user)).findFirst()
        .or(() -> list.stream().filter(e -> e.id() == uid).findFirst()))
        .map(IdEntry::name);
    if (name.isPresent() && groups.isPresent()) {
      for (IdEntry g : groups.get()) {
        if (g.members().contains(name.get()) && g.id() != gid) {
          additional.add(g.id());
        }
      }
    }
    return new AppIdentity(uid, gid, List.copyOf(additional));
  }

  private long resolveId(String what, String value, Optional<List<IdEntry>> table,
      String tablePath, String ownerAttribute) throws JaciException {
    if (value.startsWith("/")) {
      try {
        Path file = RootfsPaths.resolve(rootfs, value);
        return ((Number) Files.getAttribute(file, ownerAttribute, LinkOption.NOFOLLOW_LINKS))
            .longValue();
      } catch (NoSuchFileException e) {
        throw new JaciException("app " + what + " \"" + value + "\": no such file in the image "
            + "(a " + what + " starting with / means that file's owner)");
      } catch (IOException e) {
        throw new JaciException("app " + what + " \"" + value + "\": " + IoMessages.describe(e),
            e);
      }
    }
    if (table.isPresent()) {
      for (IdEntry e : table.get()) {
        if (e.name().equals(value)) {
          return e.id();
        }
      }
    }
    if (isId(value)) {
      return Long.parseLong(value);
    }
    throw new JaciException("app " + what + " \"" + value + "\": "
        + (table.isPresent() ? "not in the image's " + tablePath : "the image has no " + tablePath)
        + "; give a number (e.g. --" + what + " 0) or a name the image defines");
  }
}
