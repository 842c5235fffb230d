package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.run.RootfsPaths;
import io.jaci.core.spec.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The Docker config to appc app mapping of {@code jaci convert} (APPC-NOTES.md, "Docker
 * conversion conventions") for an image whose tree is on disk, as the Dockerfile builder has
 * it: users and groups are resolved in the rootfs's own {@code /etc/passwd} and
 * {@code /etc/group}, so that converting a Docker-built image and building the same
 * Dockerfile with jaci give the same app.
 */
public final class RootfsConfigMapping {
  private RootfsConfigMapping() {}

  /**
   * The app and what could not be expressed.
   *
   * @param user the numeric user of Docker's {@code User} after resolution
   * @param group the numeric group likewise
   */
  public record Mapped(App app, String user, String group, List<String> warnings) {
    public Mapped {
      warnings = List.copyOf(warnings);
    }
  }

  /** Maps {@code config}'s app part, resolving its user in {@code rootfs}. */
  public static Mapped app(ImageConfig config, Path rootfs) throws JaciException {
    UserFiles users = users(rootfs);
    AppcMapping mapping = new AppcMapping();
    App app = mapping.app(config, users);
    return new Mapped(app, app.user(), app.group(), mapping.warnings());
  }

  /**
   * Docker's {@code USER} value resolved as Docker does: names by the image's files, a bare
   * user with its primary group; gives {uid, gid} (names kept when the files lack them).
   */
  public static String[] user(String dockerUser, Path rootfs) throws JaciException {
    UserFiles.Resolved r = users(rootfs).resolve(dockerUser);
    return new String[] {r.user(), r.group()};
  }

  private static UserFiles users(Path rootfs) throws JaciException {
    UserFiles users = new UserFiles();
    for (String path : List.of(UserFiles.PASSWD, UserFiles.GROUP)) {
      try {
        Path file = RootfsPaths.resolve(rootfs, "/" + path);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && Files.size(file) <= UserFiles.MAX_SIZE) {
          users.put(path, Files.readAllBytes(file));
        }
      } catch (IOException e) {
        throw new JaciException("/" + path + " of the image: " + IoMessages.describe(e), e);
      }
    }
    return users;
  }
}
