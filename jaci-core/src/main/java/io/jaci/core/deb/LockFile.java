package io.jaci.core.deb;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The exact package set of a {@code from-debs} build, in install order, so that
 * {@code --from-lock} rebuilds the same image without resolving:
 *
 * <pre>{@code
 * {
 *   "lockVersion" : 1,
 *   "architecture" : "amd64",
 *   "packages" : [ {
 *     "package" : "libc6",
 *     "version" : "2.36-9+deb12u10",
 *     "architecture" : "amd64",
 *     "filename" : "pool/main/g/glibc/libc6_2.36-9+deb12u10_amd64.deb",
 *     "url" : "http://mirror.example/debian/pool/main/g/glibc/libc6_2.36-9+deb12u10_amd64.deb",
 *     "sha256" : "0f1e...",
 *     "size" : 2757820
 *   } ]
 * }
 * }</pre>
 */
public final class LockFile {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private LockFile() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Template {
    @JsonProperty("lockVersion")
    public int lockVersion = VERSION;
    @JsonProperty("architecture")
    public String architecture;
    @JsonProperty("packages")
    public List<Entry> packages = new ArrayList<>();
  }

  static final class Entry {
    @JsonProperty("package")
    public String name;
    @JsonProperty("version")
    public String version;
    @JsonProperty("architecture")
    public String architecture;
    @JsonProperty("filename")
    public String filename;
    @JsonProperty("url")
    public String url;
    @JsonProperty("sha256")
    public String sha256;
    @JsonProperty("size")
    public long size;
  }

  /** Writes the set atomically (a failure leaves any old lock file as it was). */
  static void write(Path file, String architecture, List<DebPackage> packages)
      throws JaciException {
    Template t = new Template();
    t.architecture = architecture;
    for (DebPackage p : packages) {
      Entry e = new Entry();
      e.name = p.name();
      e.version = p.version().toString();
      e.architecture = p.architecture();
      e.filename = p.filename();
      e.url = p.location().toString();
      e.sha256 = p.sha256();
      e.size = p.size();
      t.packages.add(e);
    }
    try (AtomicOutputFile out = AtomicOutputFile.create(file, true)) {
      out.stream().write(JSON.writeValueAsBytes(t));
      out.stream().write('\n');
      out.commit();
    } catch (IOException e) {
      throw new JaciException(file + ": " + io.jaci.core.io.IoMessages.reason(e), e);
    }
  }

  /** A locked build: its architecture and packages in install order. */
  record Locked(String architecture, List<DebPackage> packages) {}

  /** Reads a lock file; every entry must be complete. */
  static Locked read(Path file) throws JaciException {
    Template t;
    try {
      t = JSON.readValue(Files.readAllBytes(file), Template.class);
    } catch (NoSuchFileException e) {
      throw new JaciException(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new JaciException(file + ": not a jaci lock file (" + e.getOriginalMessage() + ")",
          e);
    } catch (IOException e) {
      throw new JaciException(file + ": " + io.jaci.core.io.IoMessages.reason(e), e);
    }
    if (t == null || t.lockVersion != VERSION || t.architecture == null || t.packages == null) {
      throw new JaciException(file + ": not a jaci lock file of version " + VERSION);
    }
    List<DebPackage> packages = new ArrayList<>();
    for (int i = 0; i < t.packages.size(); i++) {
      Entry e = t.packages.get(i);
      String where = file + ": packages[" + i + "]";
      if (e == null || e.name == null || e.version == null || e.url == null || e.sha256 == null
          || !e.sha256.matches("[0-9a-f]{64}") || e.size <= 0 || e.architecture == null) {
        throw new JaciException(where + ": needs package, version, architecture, url, sha256 "
            + "(64 hex digits) and size");
      }
      try {
        packages.add(new DebPackage(e.name, DebianVersion.parse(e.version), e.architecture,
            new ControlParagraph(new LinkedHashMap<>()), URI.create(e.url),
            e.filename == null ? "" : e.filename, e.sha256, e.size, false));
      } catch (IllegalArgumentException x) {
        throw new JaciException(where + ": " + x.getMessage(), x);
      }
    }
    return new Locked(t.architecture, packages);
  }
}
