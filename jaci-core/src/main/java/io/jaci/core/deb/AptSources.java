package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the machine's apt sources: {@code sources.list} and {@code sources.list.d/*.list}
 * (one-line format, {@code deb [arch=amd64 signed-by=/k.gpg] URI SUITE COMPONENT...}) and
 * {@code sources.list.d/*.sources} (deb822 stanzas with Types, URIs, Suites, Components,
 * Architectures, Signed-By, Enabled). Only {@code deb} entries count; {@code deb-src} and
 * disabled stanzas are skipped. Files are read in name order, as apt reads them.
 */
public final class AptSources {
  private AptSources() {}

  /** The sources under {@code /etc/apt}. */
  public static List<AptSource> readSystem() throws JaciException {
    return read(Path.of("/etc/apt"));
  }

  /** The sources under {@code etcApt} (a directory laid out like {@code /etc/apt}). */
  public static List<AptSource> read(Path etcApt) throws JaciException {
    List<AptSource> all = new ArrayList<>();
    Path list = etcApt.resolve("sources.list");
    if (Files.isRegularFile(list)) {
      all.addAll(parseOneLine(readText(list), list.toString()));
    }
    Path dir = etcApt.resolve("sources.list.d");
    if (Files.isDirectory(dir)) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.sorted().toList();
      } catch (IOException e) {
        throw new JaciException(dir + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (n.endsWith(".list")) {
          all.addAll(parseOneLine(readText(f), f.toString()));
        } else if (n.endsWith(".sources")) {
          all.addAll(parseDeb822(readText(f), f.toString()));
        }
      }
    }
    return all;
  }

  private static String readText(Path f) throws JaciException {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new JaciException(f + ": " + e.getMessage(), e);
    }
  }

  /** Parses the one-line format. */
  static List<AptSource> parseOneLine(String text, String file) throws JaciException {
    List<AptSource> out = new ArrayList<>();
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = file + ": line " + lineNo;
      String[] words = line.split("\\s+", 2);
      if (!words[0].equals("deb")) {
        continue;
      }
      String rest = words.length > 1 ? words[1] : "";
      List<String> archs = List.of();
      String signedBy = "";
      if (rest.startsWith("[")) {
        int end = rest.indexOf(']');
        if (end < 0) {
          throw new JaciException(where + ": unclosed [ in the options");
        }
        for (String opt : rest.substring(1, end).strip().split("\\s+")) {
          int eq = opt.indexOf('=');
          if (eq <= 0) {
            continue;
          }
          String key = opt.substring(0, eq).toLowerCase(Locale.ROOT);
          String value = opt.substring(eq + 1);
          if (key.equals("arch")) {
            archs = Arrays.asList(value.split(","));
          } else if (key.equals("signed-by")) {
            signedBy = value;
          }
        }
        rest = rest.substring(end + 1).strip();
      }
      String[] parts = rest.split("\\s+");
      if (parts.length < 2) {
        throw new JaciException(where + ": expected \"deb URI SUITE [COMPONENT...]\"");
      }
      List<String> components = Arrays.asList(parts).subList(2, parts.length);
      out.add(new AptSource(uri(parts[0], where), parts[1], components, archs, signedBy));
    }
    return out;
  }

  /** Parses the deb822 format: one source per URI and suite of each enabled stanza. */
  static List<AptSource> parseDeb822(String text, String file) throws JaciException {
    List<AptSource> out = new ArrayList<>();
    List<ControlParagraph> stanzas;
    try {
      stanzas = ControlFileReader.parseAll(text, file);
    } catch (ControlFileReader.ControlFileException e) {
      throw new JaciException(e.getMessage(), e);
    }
    for (ControlParagraph p : stanzas) {
      if (!words(p.getOrEmpty("Types")).contains("deb")
          || p.getOrEmpty("Enabled").strip().equalsIgnoreCase("no")) {
        continue;
      }
      List<String> components = words(p.getOrEmpty("Components"));
      List<String> archs = words(p.getOrEmpty("Architectures"));
      String signedBy = p.getOrEmpty("Signed-By").strip();
      for (String u : words(p.getOrEmpty("URIs"))) {
        for (String suite : words(p.getOrEmpty("Suites"))) {
          out.add(new AptSource(uri(u, file), suite, components, archs,
              signedBy.contains("\n") ? "(inline key)" : signedBy));
        }
      }
    }
    return out;
  }

  private static List<String> words(String s) {
    String t = s.strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  private static URI uri(String text, String where) throws JaciException {
    try {
      URI u = URI.create(text);
      if (u.getScheme() == null) {
        throw new IllegalArgumentException("no scheme");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new JaciException(where + ": \"" + text + "\" is not a URI");
    }
  }
}
