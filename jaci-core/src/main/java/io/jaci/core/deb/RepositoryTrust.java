package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fetches a repository's Release data and decides whether to trust it, as apt does: a
 * clear-signed {@code InRelease}, else {@code Release} with {@code Release.gpg}, verified
 * against the source's {@code signed-by} keyring, else the keyrings given to jaci, else
 * apt's trusted keyrings ({@code /etc/apt/trusted.gpg.d/}, {@code /etc/apt/trusted.gpg}),
 * else Debian's archive keyring. An unsigned repository is refused unless it is a local
 * directory or unsigned ones are allowed.
 */
final class RepositoryTrust {
  private static final long MAX_RELEASE = 64L << 20;

  private final RepositoryTransport transport;
  private final List<Path> keyrings;
  private final boolean allowUnsigned;
  private final Consumer<String> remarks;
  private final Map<List<Path>, ReleaseSignature> loaded = new HashMap<>();

  /**
   * @param keyrings keyrings for every source (overriding signed-by), or empty for apt's
   */
  RepositoryTrust(RepositoryTransport transport, List<Path> keyrings, boolean allowUnsigned,
      Consumer<String> remarks) {
    this.transport = transport;
    this.keyrings = List.copyOf(keyrings);
    this.allowUnsigned = allowUnsigned;
    this.remarks = remarks;
  }

  /** The verified Release data in {@code dir}, or empty when there is none. */
  Optional<ReleaseFile> release(URI dir, AptSource source) throws JaciException {
    boolean local = "file".equals(dir.getScheme());
    Optional<byte[]> inRelease = fetch(dir.resolve("InRelease"));
    if (inRelease.isPresent()) {
      String name = dir.resolve("InRelease").toString();
      Optional<ReleaseSignature> keys = keys(source, local || allowUnsigned, name);
      String text = keys.isPresent() ? keys.get().verifyClearSigned(inRelease.get(), name)
          : ReleaseFile.clearSignedText(new String(inRelease.get(), StandardCharsets.UTF_8),
              name);
      return Optional.of(ReleaseFile.parse(text, name));
    }
    Optional<byte[]> release = fetch(dir.resolve("Release"));
    if (release.isEmpty()) {
      return Optional.empty();
    }
    String name = dir.resolve("Release").toString();
    Optional<byte[]> signature = fetch(dir.resolve("Release.gpg"));
    if (signature.isPresent()) {
      Optional<ReleaseSignature> keys = keys(source, local || allowUnsigned, name);
      if (keys.isPresent()) {
        keys.get().verifyDetached(release.get(), signature.get(), name + ".gpg");
      }
    } else if (local || allowUnsigned) {
      remarks.accept(name + ": not signed, used as it is");
    } else {
      throw new JaciException(name + ": the repository is not signed (no InRelease, no "
          + "Release.gpg); --allow-unsigned uses it anyway");
    }
    return Optional.of(ReleaseFile.parse(new String(release.get(), StandardCharsets.UTF_8),
        name));
  }

  private Optional<ReleaseSignature> keys(AptSource source, boolean mayGoWithout,
      String what) throws JaciException {
    List<Path> files = keyringsFor(source);
    if (files.isEmpty()) {
      if (mayGoWithout) {
        remarks.accept(what + ": no keyring to check its signature with, used as it is");
        return Optional.empty();
      }
      throw new JaciException(what + ": no keyring to check its signature with (give the "
          + "repository's key with --keyring FILE)");
    }
    ReleaseSignature s = loaded.get(files);
    if (s == null) {
      s = ReleaseSignature.load(files);
      loaded.put(files, s);
    }
    return Optional.of(s);
  }

  private List<Path> keyringsFor(AptSource source) {
    if (!keyrings.isEmpty()) {
      return keyrings;
    }
    String signedBy = source.signedBy();
    if (signedBy.startsWith("/")) {
      List<Path> given = new ArrayList<>();
      for (String p : signedBy.split(",")) {
        given.add(Path.of(p.strip()));
      }
      return given;
    }
    List<Path> apt = new ArrayList<>();
    Path dir = Path.of("/etc/apt/trusted.gpg.d");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".gpg") || p.toString().endsWith(".asc"))
            .sorted().forEach(apt::add);
      } catch (IOException e) {
        // unreadable: as if empty
      }
    }
    Path legacy = Path.of("/etc/apt/trusted.gpg");
    if (Files.isRegularFile(legacy)) {
      apt.add(legacy);
    }
    Path debian = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    if (apt.isEmpty() && Files.isRegularFile(debian)) {
      apt.add(debian);
    }
    return apt;
  }

  private Optional<byte[]> fetch(URI uri) throws JaciException {
    try (InputStream in = transport.open(uri)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        b.write(buf, 0, n);
        if (b.size() > MAX_RELEASE) {
          throw new JaciException(uri + ": over 64 MiB, not a Release file");
        }
      }
      return Optional.of(b.toByteArray());
    } catch (RepositoryTransport.NotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JaciException(uri + ": " + e.getMessage(), e);
    }
  }
}
