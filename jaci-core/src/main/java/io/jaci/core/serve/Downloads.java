package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.StoredImage;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResource;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.ETag;
import io.undertow.util.MimeMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files under {@code /images/} and {@code /pubkeys.gpg}, sent by Undertow's resource
 * handler: {@code sendfile} from the file (no copy through the heap), {@code Range}, {@code
 * ETag} with {@code If-None-Match}, {@code Last-Modified} and {@code Cache-Control}.
 */
final class Downloads {
  /** By ID an image's bytes change only when a signed copy replaces the compressed one. */
  private static final int BY_ID_MAX_AGE = 3600;
  /** By name {@code latest} moves whenever a higher version is pushed. */
  private static final int BY_NAME_MAX_AGE = 60;

  private final Catalog catalog;
  private final Optional<Path> publicKeys;
  private final PathResourceManager files;
  private final ResourceHandler byId;
  private final ResourceHandler byName;

  Downloads(Catalog catalog, Optional<Path> publicKeys) {
    this.catalog = catalog;
    this.publicKeys = publicKeys;
    this.files = new PathResourceManager(catalog.store().root(), 16 * 1024);
    MimeMappings mime = MimeMappings.builder(false)
        .addMapping("aci", "application/octet-stream")
        .addMapping("asc", "application/pgp-signature")
        .addMapping("gpg", "application/pgp-keys").build();
    this.byId = handler(mime, BY_ID_MAX_AGE);
    this.byName = handler(mime, BY_NAME_MAX_AGE);
  }

  private ResourceHandler handler(MimeMappings mime, int maxAge) {
    ResourceHandler h = new ResourceHandler((ex, path) -> find(path),
        ex -> UploadHandler.text(ex, 404, "not found: " + ex.getRelativePath()));
    h.setMimeMappings(mime);
    h.setCacheTime(maxAge);
    h.setDirectoryListingEnabled(false);
    h.setWelcomeFiles();
    return h;
  }

  void handle(HttpServerExchange ex) throws Exception {
    String path = ex.getRelativePath();
    (path.startsWith(ServedPaths.BY_ID) ? byId : byName).handleRequest(ex);
  }

  /** The file a download path names, or null (404). */
  private Resource find(String path) throws IOException {
    try {
      Optional<Path> file = locate(path);
      if (file.isEmpty()) {
        return null;
      }
      Path p = file.get();
      String stamp = Long.toHexString(Files.size(p)) + "-"
          + Long.toHexString(Files.getLastModifiedTime(p).toMillis());
      return new PathResource(p, files, path, new ETag(false, stamp));
    } catch (JaciException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  Optional<Path> locate(String path) throws JaciException {
    if (path.equals(ServedPaths.PUBKEYS)) {
      return publicKeys.filter(Files::isRegularFile);
    }
    boolean signature = path.endsWith(".aci.asc");
    if (!signature && !path.endsWith(".aci")) {
      return Optional.empty();
    }
    Optional<StoredImage> image = image(path.substring(0, path.lastIndexOf(".aci")));
    if (image.isEmpty()) {
      return Optional.empty();
    }
    return signature ? catalog.signature(image.get())
        : Optional.of(catalog.aciFile(image.get()));
  }

  /** The image {@code /images/by-id/ID} or {@code /images/NAME/VERSION-OS-ARCH} names. */
  Optional<StoredImage> image(String stem) throws JaciException {
    if (stem.startsWith(ServedPaths.BY_ID)) {
      try {
        ImageId id = ImageId.parse(stem.substring(ServedPaths.BY_ID.length()));
        return id.isFull() ? catalog.byId(id) : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    int slash = stem.lastIndexOf('/');
    String[] parts = stem.substring(slash + 1).split("-");
    if (slash <= ServedPaths.IMAGES.length() || parts.length < 3) {
      return Optional.empty();
    }
    String arch = parts[parts.length - 1];
    String os = parts[parts.length - 2];
    String version = stem.substring(slash + 1, stem.length() - os.length() - arch.length() - 2);
    try {
      AcIdentifier name = AcIdentifier.parse(stem.substring(ServedPaths.IMAGES.length(), slash));
      return catalog.resolve(name, version, Labels.of("os", os, "arch", arch));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a name, or labels that no image can have
    }
  }
}
