package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.ShortText;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.diff.Begin;
import io.jaci.core.diff.BegunDirectory;
import io.jaci.core.diff.Owner;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.render.TreeOwners;
import io.jaci.core.run.LayoutCommand;
import io.jaci.core.run.NetMode;
import io.jaci.core.run.RootfsPaths;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the maintainer scripts of an image of unpacked packages ({@link DpkgDatabase} in its
 * unpacked state) inside the image through the runner, rootless, as debootstrap's second stage
 * does: {@code DEBIAN_FRONTEND=noninteractive}, {@code DEBCONF_NONINTERACTIVE_SEEN=true}, a
 * {@code policy-rc.d} that forbids starting services, every {@code preinst install} in
 * dependency order, then {@code dpkg --configure -a} (which orders the {@code postinst
 * configure} runs by the dependencies itself, breaks cycles, moves nothing it need not, and
 * runs the triggers, as the image's own dpkg would for any later install). Without dpkg in the
 * image, the {@code postinst configure} scripts run in dependency order instead and the status
 * becomes {@code installed} when all succeeded.
 *
 * <p>The preinsts run when every file is already in place and nothing is configured yet,
 * as they do when debootstrap unpacks the required packages with {@code --force-depends}. The
 * work happens in a temporary store and begun layout inside {@code work}; the configured tree is
 * then written whole (no dependencies) to the output. The user's store is not touched.
 */
final class DebConfigure {
  /** Where the script and its log are kept in the image while it runs. */
  private static final String DIR = ".jaci-configure";
  private static final String POLICY = "/usr/sbin/policy-rc.d";
  private static final Pattern DPKG_ERROR =
      Pattern.compile("dpkg: error processing package (\\S+) \\((--\\S+)\\):");
  private static final Pattern SCRIPT_STATUS = Pattern.compile(
      "(post-installation|pre-removal|post-removal|pre-installation) script subprocess "
          + "returned error exit status (\\d+)");

  private final Path work;
  private final Consumer<String> warnings;

  /** @param work an empty directory, removed by the caller */
  DebConfigure(Path work, Consumer<String> warnings) {
    this.work = work;
    this.warnings = warnings;
  }

  /** How the configured image is written. */
  record Output(Path file, boolean overwrite, Compression compression, int level,
      Long sourceDateEpoch) {}

  /**
   * Configures the packages of {@code unpackedAci} and writes the result to {@code out}.
   *
   * @param packages the packages in dependency order
   * @throws JaciException one line naming the failing package, script, exit code and the
   *     last lines of its output; nothing is written then
   */
  AciBuildResult configure(Path unpackedAci, List<DebPackage> packages, Output out)
      throws JaciException {
    try (ImageStore store = ImageStore.open(work.resolve("store"))) {
      ImageId id = store.importAci(unpackedAci, ProgressListener.NONE).id();
      delete(unpackedAci);
      Path layout = work.resolve("layout");
      StoreImages images = StoreImages.of(store);
      Begin.from(images, ImageRenderer.of(images).warnings(warnings)).into(id, layout);
      Path rootfs = layout.resolve("rootfs");
      boolean dpkg = exists(rootfs, "/usr/bin/dpkg");
      if (!exists(rootfs, "/bin/sh")) {
        throw new JaciException("--configure: the image has no /bin/sh to run the maintainer "
            + "scripts with (Debian's Essential packages bring it)");
      }
      Map<String, Owner> owners = runScripts(layout, packages, dpkg);
      if (!dpkg) {
        markInstalled(rootfs);
      }
      BegunDirectory begun = BegunDirectory.open(layout);
      try {
        BegunDirectory.Content c = begun.squash(null, owners);
        AciBuilder b = AciBuilder.fromContent(c.manifest(), c.rootfs())
            .compression(out.compression()).overwrite(out.overwrite())
            .sourceDateEpoch(out.sourceDateEpoch());
        if (out.level() != Compression.DEFAULT_LEVEL) {
          b.compressionLevel(out.level());
        }
        return b.build(out.file());
      } finally {
        begun.restoreModes();
      }
    }
  }

  /**
   * Runs the maintainer scripts in the layout's rootfs; returns the owners they gave files
   * when the pod ran rootless ({@link LayoutCommand#ownersAfter}: on the disk those files are
   * the user's own again), by clean path below the rootfs. Empty as root, where the disk holds
   * the image's owners.
   */
  private Map<String, Owner> runScripts(Path layout, List<DebPackage> packages, boolean dpkg)
      throws JaciException {
    Path rootfs = layout.resolve("rootfs");
    Path dir = rootfs.resolve(DIR);
    Path policy = null;
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("script"), script(packages, dpkg));
      Path sbin = RootfsPaths.resolve(rootfs, "/usr/sbin");
      Path p = sbin.resolve("policy-rc.d");
      if (Files.isDirectory(sbin) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        // as debootstrap: services are not started while the image is configured
        Files.writeString(p, "#!/bin/sh\nexit 101\n");
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions
            .fromString("rwxr-xr-x"));
        policy = p;
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    int code;
    LayoutCommand command;
    try {
      command = LayoutCommand.in(layout, work.resolve("pods"))
          .command(List.of("/bin/sh", "/" + DIR + "/script"))
          .environment(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
              "DEBIAN_FRONTEND=noninteractive", "DEBCONF_NONINTERACTIVE_SEEN=true",
              "LC_ALL=C", "LANG=C", "HOME=/root", "DPKG_ADMINDIR=/var/lib/dpkg", "DPKG_ROOT="))
          .user("0", "0").workingDirectory("/").net(NetMode.NONE).warnings(warnings)
          .owners(BegunDirectory.open(layout).foreignOwners());
      code = command.run();
    } catch (JaciException e) {
      throw new JaciException("--configure: running the maintainer scripts: "
          + e.getMessage(), e);
    }
    String log = read(dir.resolve("log"));
    String failed = read(dir.resolve("failed")).strip();
    if (code != 0 || !failed.isEmpty()) {
      throw new JaciException(failure(failed, code, log));
    }
    try {
      AtomicOutputDirectory.deleteTree(dir);
      if (policy != null) {
        Files.deleteIfExists(policy);
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    Map<String, Owner> owners = new HashMap<>();
    for (TreeOwners.Entry e : command.ownersAfter()) {
      owners.put(e.path(), new Owner(e.uid(), e.gid()));
    }
    return owners;
  }

  /** The script run in the image: output to a log, the first failure noted and fatal. */
  static String script(List<DebPackage> packages, boolean dpkg) {
    StringBuilder s = new StringBuilder("# jaci from-debs --configure\n")
        .append("exec </dev/null >/").append(DIR).append("/log 2>&1\n")
        .append("cd /\n")
        .append("maint() {\n")
        .append("  p=$1; a=$2; s=$3; shift 3\n")
        .append("  f=/var/lib/dpkg/info/$p.$s\n")
        .append("  [ -e \"$f\" ] || f=/var/lib/dpkg/info/$p:$a.$s\n")
        .append("  [ -e \"$f\" ] || return 0\n")
        .append("  echo \"jaci: $p $s $*\"\n")
        .append("  DPKG_MAINTSCRIPT_PACKAGE=$p DPKG_MAINTSCRIPT_ARCH=$a DPKG_MAINTSCRIPT_NAME=$s")
        .append(" DPKG_MAINTSCRIPT_PACKAGE_REFCOUNT=1 \"$f\" \"$@\"\n")
        .append("  rc=$?\n")
        .append("  if [ $rc != 0 ]; then echo \"$p $s $rc\" > /").append(DIR)
        .append("/failed; exit 1; fi\n")
        .append("}\n");
    for (DebPackage p : packages) {
      s.append("maint ").append(p.name()).append(' ').append(p.architecture())
          .append(" preinst install\n");
    }
    if (dpkg) {
      s.append("dpkg --configure -a\n")
          .append("rc=$?\n")
          .append("if [ $rc != 0 ]; then echo \"- dpkg $rc\" > /").append(DIR)
          .append("/failed; exit 1; fi\n");
    } else {
      for (DebPackage p : packages) {
        s.append("maint ").append(p.name()).append(' ').append(p.architecture())
            .append(" postinst configure ''\n");
      }
    }
    return s.toString();
  }

  /** One line: the package, the script, its exit code and the last lines of its output. */
  static String failure(String failed, int code, String log) {
    String[] f = failed.split(" ");
    List<String> lines = new ArrayList<>(log.lines().filter(l -> !l.isBlank()).toList());
    String what;
    if (f.length == 3 && !f[0].equals("-")) {
      what = f[0] + ": " + f[1] + (f[1].equals("preinst") ? " install" : " configure")
          + " failed with exit code " + f[2];
      for (int i = lines.size() - 1; i >= 0; i--) { // its output is after its jaci: line
        if (lines.get(i).equals("jaci: " + f[0] + " " + f[1] + " "
            + (f[1].equals("preinst") ? "install" : "configure "))) {
          lines = lines.subList(i + 1, lines.size());
          break;
        }
      }
    } else {
      what = dpkgFailure(lines, f.length == 3 ? f[2] : Integer.toString(code));
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
    String output = last.isEmpty() ? " (no output)"
        : ": " + String.join(" | ", last.stream().map(String::strip).toList());
    return ShortText.cut("--configure: " + what + output + "; nothing was written",
        ShortText.MAX_MESSAGE);
  }

  /** What dpkg's error lines say, and the lines before them cut to the script's output. */
  private static String dpkgFailure(List<String> lines, String code) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = DPKG_ERROR.matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      String script = "dpkg " + m.group(2);
      String exit = code;
      for (int j = i + 1; j < Math.min(lines.size(), i + 3); j++) {
        Matcher s = SCRIPT_STATUS.matcher(lines.get(j));
        if (s.find()) {
          script = scriptName(s.group(1)) + (m.group(2).equals("--configure") ? " configure"
              : "");
          exit = s.group(2);
          break;
        }
      }
      List<String> before = lines.subList(0, i);
      int start = before.size();
      while (start > 0 && !before.get(start - 1).startsWith("Setting up ")) {
        start--;
      }
      List<String> others = new ArrayList<>();
      int listed = lines.indexOf("Errors were encountered while processing:");
      for (int j = listed + 1; listed >= 0 && j < lines.size(); j++) {
        String name = lines.get(j).strip();
        if (!name.equals(m.group(1)) && lines.get(j).startsWith(" ")) {
          others.add(name);
        }
      }
      List<String> own = new ArrayList<>(before.subList(start, before.size()));
      lines.clear();
      lines.addAll(own);
      return m.group(1) + ": " + script + " failed with exit code " + exit
          + (others.isEmpty() ? "" : " (dpkg left " + String.join(", ", others)
              + " unconfigured too)");
    }
    return "dpkg --configure -a failed with exit code " + code;
  }

  private static String scriptName(String dpkgWords) {
    switch (dpkgWords) {
      case "post-installation":
        return "postinst";
      case "pre-installation":
        return "preinst";
      case "pre-removal":
        return "prerm";
      default:
        return "postrm";
    }
  }

  /** The packages configured without dpkg: what dpkg would have written into status. */
  private static void markInstalled(Path rootfs) throws JaciException {
    Path status = rootfs.resolve(DpkgDatabase.DIR + "/status");
    try {
      String text = Files.readString(status, StandardCharsets.UTF_8);
      Files.writeString(status, text.replace("\nStatus: install ok unpacked\n",
          "\nStatus: install ok installed\n"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(status, e), e);
    }
  }

  private static boolean exists(Path rootfs, String path) throws JaciException {
    try {
      return Files.exists(RootfsPaths.resolve(rootfs, path));
    } catch (IOException e) {
      throw new JaciException(path + " in the image: " + IoMessages.describe(e), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the script did not get there
    }
  }

  private static void delete(Path file) throws JaciException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }
}
