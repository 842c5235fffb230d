package io.jaci.core.deb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What dpkg keeps about installed packages under {@code var/lib/dpkg}: the {@code status}
 * file (each package's control paragraph with {@code Status: install ok installed}, sorted
 * by name as dpkg writes it) and {@code info/PKG.list} (every path the package laid down,
 * {@code /.} first), {@code .md5sums} (made as dpkg makes it when the package has none),
 * {@code .conffiles} and the conffiles' digests in {@code status}, and the other control
 * members (maintainer scripts, {@code triggers}, {@code shlibs}...) as {@code info/PKG.NAME}
 * with their modes. Multi-Arch: same packages are named {@code PKG:ARCH} there, as dpkg names
 * them. Packages are {@code installed}, or {@code unpacked} when their maintainer scripts are
 * still to run ({@link DebConfigure}): how {@code dpkg --unpack} leaves them.
 */
final class DpkgDatabase {
  static final String DIR = "var/lib/dpkg";
  /** The multiarch layout of {@code info/}, as dpkg 1.16.0 and later write it. */
  private static final String INFO_FORMAT = "1\n";
  private final List<Installed> installed = new ArrayList<>();
  private final String state;

  /** @param unpacked whether the packages are still to be configured */
  DpkgDatabase(boolean unpacked) {
    this.state = unpacked ? "install ok unpacked" : "install ok installed";
  }

  /** A file of the database: its path below the rootfs, content and permission bits. */
  record DbFile(String path, byte[] content, int mode) {
    DbFile(String path, byte[] content) {
      this(path, content, 0644);
    }
  }

  /** One installed package. */
  record Installed(DebFile.Control control, List<String> paths, UnpackDigests digests) {
    String infoName() {
      ControlParagraph c = control.control();
      String name = c.getOrEmpty("Package").strip();
      return c.getOrEmpty("Multi-Arch").strip().equals("same")
          ? name + ":" + c.getOrEmpty("Architecture").strip() : name;
    }

    /** What the package ships, else what dpkg makes of the unpacked files; null: none. */
    byte[] md5sums() {
      return control.md5sums() != null ? control.md5sums() : digests.generatedMd5sums();
    }
  }

  void add(DebFile.Control control, List<String> paths, UnpackDigests digests) {
    installed.add(new Installed(control, paths, digests));
  }

  /** The files to write, by path below the rootfs, in a fixed order. */
  List<DbFile> files() {
    List<Installed> sorted = new ArrayList<>(installed);
    sorted.sort(Comparator.comparing(Installed::infoName));
    StringBuilder status = new StringBuilder();
    List<DbFile> out = new ArrayList<>();
    for (Installed i : sorted) {
      boolean first = true;
      String conffiles = i.digests().conffilesField();
      for (Map.Entry<String, String> f : i.control().control().fields().entrySet()) {
        if (f.getKey().equals("Description") && conffiles != null) {
          ControlParagraph.appendField(status, "Conffiles", conffiles); // where dpkg puts it
          conffiles = null;
        }
        ControlParagraph.appendField(status, f.getKey(), f.getValue());
        if (first) {
          status.append("Status: ").append(state).append('\n');
          first = false;
        }
      }
      if (conffiles != null) {
        ControlParagraph.appendField(status, "Conffiles", conffiles);
      }
      status.append('\n');
      String base = DIR + "/info/" + i.infoName();
      StringBuilder list = new StringBuilder("/.\n");
      i.paths().forEach(p -> list.append(p).append('\n'));
      out.add(new DbFile(base + ".list", utf8(list.toString())));
      if (i.md5sums() != null) {
        out.add(new DbFile(base + ".md5sums", i.md5sums()));
      }
      if (i.control().conffiles() != null) {
        out.add(new DbFile(base + ".conffiles", i.control().conffiles()));
      }
      for (DebFile.Member m : i.control().others()) {
        out.add(new DbFile(base + "." + m.name(), m.content(), m.mode()));
      }
    }
    out.add(0, new DbFile(DIR + "/status", utf8(status.toString())));
    out.add(1, new DbFile(DIR + "/available", new byte[0]));
    out.add(2, new DbFile(DIR + "/info/format", utf8(INFO_FORMAT)));
    return out;
  }

  /** Directories dpkg expects, parents first. */
  static List<String> directories() {
    return List.of("var", "var/lib", DIR, DIR + "/info", DIR + "/updates", DIR + "/triggers",
        DIR + "/alternatives");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
