package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.IoMessages;
import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@code docker save} archive that {@code docker load} and skopeo read: the config
 * as {@code HEX.json}, each layer as a plain tar {@code HEX.tar} (named by its diff ID, as
 * {@code docker save} does; plain, so nothing is compressed only to be unpacked again), and
 * {@code manifest.json}. Layers are staged in a directory beside the file; the archive is an
 * {@link AtomicOutputFile}, complete or absent.
 */
public final class DockerArchiveSink implements OciSink {
  private static final long MTIME = 0;

  private final AtomicOutputFile output;
  private final Path file;
  private final String repoTag;
  private final AtomicOutputDirectory staging;

  private DockerArchiveSink(AtomicOutputFile output, Path file, String repoTag,
      AtomicOutputDirectory staging) {
    this.output = output;
    this.file = file;
    this.repoTag = repoTag;
    this.staging = staging;
  }

  /**
   * Opens {@code file} for writing (nothing appears there until commit).
   *
   * @param repoTag {@code REPO:TAG} for {@code RepoTags}, or null for an untagged image
   * @throws JaciException when the file exists (without {@code overwrite}) or its directory
   *     does not exist or cannot be written
   */
  public static DockerArchiveSink open(Path file, String repoTag, boolean overwrite)
      throws JaciException {
    AtomicOutputFile output = null;
    try {
      output = AtomicOutputFile.create(file, overwrite);
      AtomicOutputDirectory staging = AtomicOutputDirectory.create(
          file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".layers"));
      return new DockerArchiveSink(output, file, repoTag, staging);
    } catch (IOException e) {
      closeQuietly(output);
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  @Override
  public Path staging() {
    return staging.path();
  }

  @Override
  public boolean compressesLayers() {
    return false;
  }

  @Override
  public Digest commit(OciImage image) throws JaciException {
    Digest config = Digest.sha256(image.config());
    String configName = config.hex() + ".json";
    List<String> layerNames = new ArrayList<>();
    Set<String> written = new LinkedHashSet<>();
    try (TarWriter tar = new TarWriter(output.stream())) {
      tar.write(file(configName, image.config().length), new ByteArrayInputStream(image.config()));
      for (Layer l : image.layers()) {
        String name = l.diffId().hex() + ".tar";
        layerNames.add(name);
        if (written.add(name)) {
          try (InputStream in = Files.newInputStream(l.blob().file())) {
            tar.write(file(name, l.blob().size()), in);
          }
        }
      }
      byte[] manifest = OciJson.write(List.of(new DockerArchiveManifest(configName,
          repoTag == null ? null : List.of(repoTag), layerNames)));
      tar.write(file("manifest.json", manifest.length), new ByteArrayInputStream(manifest));
      tar.finish();
      output.commitDurably();
      return config;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  private static TarHeader file(String name, long size) {
    return new TarHeader(name, TarEntryType.REGULAR, 0644, 0, 0, size, MTIME, "", 0, 0, null);
  }

  @Override
  public void close() throws JaciException {
    closeQuietly(output);
    try {
      staging.close();
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(staging.path(), e), e);
    }
  }

  private static void closeQuietly(AtomicOutputFile f) {
    if (f == null) {
      return;
    }
    try {
      f.close();
    } catch (IOException ignored) {
      // the temporary file is gone or will be at exit
    }
  }
}
