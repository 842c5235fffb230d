package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * A {@code .deb} read as a stream, once, in its member order: an ar archive of
 * {@code debian-binary} ("2.0"), {@code control.tar[.gz|.xz|.zst]} and
 * {@code data.tar[.gz|.xz|.zst|.bz2]}. The control members are small and read into memory;
 * the data tar is handed out as a stream.
 */
final class DebFile implements Closeable {
  private static final int MAX_CONTROL_MEMBER = 16 << 20;
  private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

  private final ArArchiveInputStream ar;
  private final String name;

  /**
   * What a package's control archive holds that the image needs.
   *
   * @param others the other members (maintainer scripts, {@code triggers}, {@code shlibs},
   *     {@code templates}...), which dpkg keeps in its {@code info} directory
   */
  record Control(ControlParagraph control, byte[] md5sums, byte[] conffiles,
      List<Member> others) {
    Control {
      others = List.copyOf(others);
    }

    /** Whether the package has the member {@code name} (e.g. {@code postinst}). */
    boolean has(String name) {
      return others.stream().anyMatch(m -> m.name().equals(name));
    }
  }

  /** One control member by name, with its permission bits. */
  record Member(String name, int mode, byte[] content) {}

  private DebFile(ArArchiveInputStream ar, String name) {
    this.ar = ar;
    this.name = name;
  }

  /**
   * Starts reading a {@code .deb}; checks the ar magic and the format version.
   *
   * @param name names the file in messages
   */
  static DebFile open(InputStream in, String name) throws JaciException {
    try {
      java.io.BufferedInputStream b = new java.io.BufferedInputStream(in, 1 << 16);
      b.mark(AR_MAGIC.length);
      byte[] head = b.readNBytes(AR_MAGIC.length);
      b.reset();
      if (!java.util.Arrays.equals(head, AR_MAGIC)) {
        throw new JaciException(name + ": not a Debian package (no ar archive header)");
      }
      DebFile f = new DebFile(new ArArchiveInputStream(b), name);
      ArArchiveEntry first = f.nextMember();
      if (first == null || !first.getName().equals("debian-binary")) {
        throw new JaciException(name + ": not a Debian package (debian-binary is not the "
            + "first member)");
      }
      String version = new String(f.ar.readNBytes(16), StandardCharsets.US_ASCII).strip();
      if (!version.startsWith("2.")) {
        throw new JaciException(name + ": unsupported .deb format version \"" + version + "\"");
      }
      return f;
    } catch (IOException e) {
      throw f(name, e);
    }
  }

  private static JaciException f(String name, IOException e) {
    String m = e instanceof java.io.EOFException || (e.getMessage() != null
        && (e.getMessage().contains("Truncated") || e.getMessage().contains("truncated")
            || e.getMessage().contains("end of")))
        ? "truncated (" + io.jaci.core.io.IoMessages.describe(e) + ")"
        : io.jaci.core.io.IoMessages.describe(e);
    return new JaciException(name + ": " + m, e);
  }

  private ArArchiveEntry nextMember() throws IOException {
    return ar.getNextArEntry();
  }

  /** Reads the control member: control fields, md5sums and conffiles. */
  Control control() throws JaciException {
    try {
      ArArchiveEntry e = nextMember();
      if (e == null || !e.getName().startsWith("control.tar")) {
        throw new JaciException(name + ": " + (e == null ? "truncated .deb (ends after "
            + "debian-binary)" : "not a Debian package (no control.tar after debian-binary)"));
      }
      ControlParagraph control = null;
      byte[] md5sums = null;
      byte[] conffiles = null;
      List<Member> others = new java.util.ArrayList<>();
      // the member's decoder is closed (liblzma's memory freed), the ar archive stays open
      try (InputStream member = decompress(e.getName(), CloseShieldInputStream.wrap(ar))) {
        TarReader tar = new TarReader(member);
        for (TarEntry t = tar.next(); t != null; t = tar.next()) {
          if (t.header().type() != TarEntryType.REGULAR) {
            continue;
          }
          String n = t.name().startsWith("./") ? t.name().substring(2) : t.name();
          if (t.header().size() > MAX_CONTROL_MEMBER) {
            throw new JaciException(name + ": control member " + n + " is too large");
          }
          switch (n) {
            case "control":
              List<ControlParagraph> ps = ControlFileReader.parseAll(new String(
                  readAll(tar.content()), StandardCharsets.UTF_8), name + ": control");
              if (ps.isEmpty()) {
                throw new JaciException(name + ": empty control file");
              }
              control = ps.get(0);
              break;
            case "md5sums":
              md5sums = readAll(tar.content());
              break;
            case "conffiles":
              conffiles = readAll(tar.content());
              break;
            default:
              if (n.matches("[a-z0-9][a-z0-9_.+-]*")) { // dpkg's own rule for these names
                others.add(new Member(n, t.header().mode() & 07777, readAll(tar.content())));
              }
              break;
          }
        }
      }
      if (control == null) {
        throw new JaciException(name + ": no control file in " + e.getName());
      }
      return new Control(control, md5sums, conffiles, others);
    } catch (IOException x) {
      throw f(name, x);
    }
  }

  /** The decompressed data tar; call after {@link #control()}. */
  InputStream data() throws JaciException {
    try {
      ArArchiveEntry e = nextMember();
      while (e != null && !e.getName().startsWith("data.tar")) {
        e = nextMember(); // optional members such as _gpgbuilder
      }
      if (e == null) {
        // the ar reader ends quietly where a truncated file ends
        throw new JaciException(name + ": truncated or incomplete .deb (no data.tar member)");
      }
      return decompress(e.getName(), ar);
    } catch (IOException x) {
      throw f(name, x);
    }
  }

  /** Turns a read failure of the data tar into a one-line message naming the package. */
  JaciException failure(IOException e) {
    return f(name, e);
  }

  private InputStream decompress(String member, InputStream in)
      throws JaciException, IOException {
    return compression(member).decompress(in);
  }

  private Compression compression(String member) throws JaciException {
    String suffix = member.substring(member.indexOf(".tar") + 4);
    return Suffixes.compression(suffix).orElseThrow(() -> new JaciException(name + ": "
        + member + ": unsupported compression"));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }

  @Override
  public void close() throws IOException {
    ar.close();
  }
}
