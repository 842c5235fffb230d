package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.IoMessages;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jaci serve --export DIR}: the served tree as plain files (see {@link ServedPaths}), for
 * a static web server or a CDN. Each name's discovery page is {@code REST/index.html}; the
 * {@code latest} files are links to the highest version. Files are hard links to the store
 * where the file system allows, else copies; each appears whole (written aside, renamed).
 */
public final class StaticExport {
  /** What an export wrote, and the images it could only give by ID (with the reason). */
  public record Report(int files, List<String> notes) {}

  private final Path dir;
  private final Site site;
  private final Catalog catalog;
  private int written;

  private StaticExport(Path dir, Site site, Catalog catalog) {
    this.dir = dir;
    this.site = site;
    this.catalog = catalog;
  }

  /** Writes the tree of {@code store} for {@code site} into {@code dir}. */
  public static Report write(ImageStore store, Site site, Optional<Path> publicKeys, Path dir)
      throws JaciException {
    StaticExport export = new StaticExport(dir, site, new Catalog(store));
    try {
      return export.run(publicKeys);
    } catch (IOException e) {
      throw new JaciException("exporting into " + dir + ": " + IoMessages.describe(e), e);
    }
  }

  private Report run(Optional<Path> publicKeys) throws IOException, JaciException {
    Files.createDirectories(dir);
    List<String> notes = new ArrayList<>();
    if (publicKeys.isPresent()) {
      link(ServedPaths.PUBKEYS, publicKeys.get());
    }
    Set<String> latest = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (StoredImage image : catalog.images()) {
      Path aci = catalog.aciFile(image);
      Optional<Path> signature = catalog.signature(image);
      link(ServedPaths.aci(image), aci);
      text(ServedPaths.manifest(image), new String(catalog.store().rawManifest(image.id()),
          StandardCharsets.UTF_8));
      if (signature.isPresent()) {
        link(ServedPaths.byId(image.id(), ".aci.asc"), signature.get());
      }
      List<String> byName = new ArrayList<>();
      ServedPaths.byName(image, ImageVersions.label(image, "version")).ifPresent(byName::add);
      Optional<String> newest = ServedPaths.byName(image, "latest");
      if (newest.isEmpty()) {
        notes.add(image.describe() + " only by ID: its version, os or arch label is missing"
            + " or not safe in a file name");
      } else if (latest.add(newest.get())) { // images come best version first
        byName.add(newest.get());
      }
      for (String path : byName) {
        link(path, aci);
        if (signature.isPresent()) {
          link(path + ".asc", signature.get());
        }
      }
      String name = image.manifest().name().value();
      if (site.names(name) && !name.equals(site.host()) && names.add(name)) {
        text("/" + name.substring(site.host().length() + 1) + "/index.html",
            DiscoveryPage.render(site, name));
      }
    }
    // last: it shows the sizes of the .aci files written above
    text("/index.html", IndexPage.render(site, catalog));
    return new Report(written, notes);
  }

  private Path target(String path) throws IOException {
    Path target = dir.resolve(path.substring(1)).normalize();
    if (!target.startsWith(dir.normalize())) {
      throw new IOException("refusing to write outside the export: " + path);
    }
    Files.createDirectories(target.getParent());
    return target;
  }

  private void text(String path, String content) throws IOException {
    try (AtomicOutputFile out = AtomicOutputFile.create(target(path), true)) {
      out.stream().write(content.getBytes(StandardCharsets.UTF_8));
      out.commit();
    }
    written++;
  }

  private void link(String path, Path source) throws IOException {
    Path target = target(path);
    Path temp = target.resolveSibling("." + target.getFileName() + ".link");
    Files.deleteIfExists(temp);
    try {
      Files.createLink(temp, source);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, temp);
    }
    Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    written++;
  }
}
