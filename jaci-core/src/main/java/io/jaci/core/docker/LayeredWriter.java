package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.registry.Digest;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Converts an image into one ACI per layer, bottom first, each depending on the one below by
 * image ID and name. A layer that deletes (whiteouts) lists the whole remaining tree of its
 * level in its {@code pathWhitelist}, so rendering the top gives the squashed tree. Layers
 * below the top do not depend on the image (no app, a name from their chain ID), so they are
 * cached by chain ID and shared by every image built on them; the top is cached by chain ID,
 * config and name. A layer found in the cache is neither fetched nor converted.
 */
final class LayeredWriter {
  private static final String ROOTFS = "rootfs/";
  private static final String CACHE_VERSION = "1";

  private final SourceImage image;
  private final LayerSink sink;
  private final ProgressListener progress;
  private final AppcMapping mapping;
  private final LayerTree tree = new LayerTree();
  private final List<ImageId> notReplayed = new ArrayList<>();
  private final List<Digest> chain;

  LayeredWriter(SourceImage image, LayerSink sink, ProgressListener progress,
      AppcMapping mapping) {
    this.image = image;
    this.sink = sink;
    this.progress = progress;
    this.mapping = mapping;
    this.chain = chainIds(image.diffIds());
  }

  /** OCI chain IDs: the first layer's diff ID, then sha256("CHAIN DIFF_ID") upwards. */
  static List<Digest> chainIds(List<Digest> diffIds) {
    List<Digest> ids = new ArrayList<>();
    for (Digest d : diffIds) {
      ids.add(ids.isEmpty() ? d : Digest.sha256((ids.get(ids.size() - 1) + " " + d)
          .getBytes(StandardCharsets.US_ASCII)));
    }
    return ids;
  }

  /** The layer images, bottom first, and how many were converted (not from the cache). */
  record Result(List<ImageId> layers, int converted, ImageManifest topManifest) {}

  Result write() throws JaciException {
    List<ImageId> ids = new ArrayList<>();
    int converted = 0;
    ImageManifest last = null;
    for (int i = 0; i < image.layerCount(); i++) {
      String key = cacheKey(i);
      Optional<ImageId> cached = key == null ? Optional.empty() : sink.cached(key);
      if (cached.isPresent()) {
        ids.add(cached.get());
        notReplayed.add(cached.get());
        continue;
      }
      replayCached();
      ImageId below = ids.isEmpty() ? null : ids.get(ids.size() - 1);
      int index = i;
      ImageManifest[] manifest = new ImageManifest[1];
      ImageId id = sink.put(key, tar -> manifest[0] = writeLayer(index, below, tar));
      ids.add(id);
      last = manifest[0];
      converted++;
    }
    return new Result(List.copyOf(ids), converted, last);
  }

  private String cacheKey(int i) {
    if (chain.isEmpty()) {
      return null;
    }
    String layer = "docker-layer/" + CACHE_VERSION + ":" + chain.get(i);
    if (i < image.layerCount() - 1) {
      return layer;
    }
    ImageOrigin o = image.origin();
    return layer + ":config=" + image.configDigest() + ":name=" + o.aciName() + ":registry="
        + o.registry() + ":repository=" + o.repository() + ":tag=" + o.tag();
  }

  AcIdentifier layerName(int i) {
    if (i == image.layerCount() - 1) {
      return image.origin().aciName();
    }
    return chain.isEmpty() ? AcIdentifier.sanitize(image.origin().aciName() + "-layer" + i)
        : new AcIdentifier("docker-layer/" + chain.get(i).algorithm() + "-" + chain.get(i).hex());
  }

  private ImageManifest writeLayer(int index, ImageId below, TarWriter tar)
      throws IOException, JaciException {
    tar.write(new TarHeader("rootfs", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0,
        null));
    List<EntryPath.Whiteout> whiteouts = new ArrayList<>();
    Map<String, Boolean> entries = new LinkedHashMap<>();
    Map<String, byte[]> userFiles = new HashMap<>();
    Set<String> files = new HashSet<>();
    String layer = image.layerName(index);
    LayerReading.read(image, index, true, progress, (path, e, reader) -> {
      EntryPath.Whiteout w = path.isEmpty() ? null : LayerPaths.whiteout(path, layer);
      if (w != null) {
        whiteouts.add(w);
        return;
      }
      if (path.isEmpty() || entries.containsKey(path)) {
        return; // the root is written above; an in-layer duplicate keeps its first entry
      }
      TarHeader h = e.header().withName(ROOTFS + path);
      switch (h.type()) {
        case REGULAR -> {
          if (UserFiles.wants(path) && h.size() <= UserFiles.MAX_SIZE) {
            byte[] bytes = reader.content().readNBytes((int) h.size());
            userFiles.put(path, bytes);
            tar.write(h, new ByteArrayInputStream(bytes));
          } else {
            tar.write(h, reader.content());
          }
          files.add(path);
        }
        case HARD_LINK -> {
          String target = LayerPaths.clean(h.linkName(), layer + ": hard link \"" + path + "\"");
          if (!files.contains(target)) {
            throw new JaciException(layer + ": hard link \"" + path + "\" points to \"" + target
                + "\", a file of a lower layer, which an image of its own cannot hold; convert"
                + " without --layered");
          }
          tar.write(new TarHeader(h.name(), TarEntryType.HARD_LINK, h.mode(), h.uid(), h.gid(),
              0, h.mtime(), ROOTFS + target, 0, 0, h.xattrs()));
        }
        default -> tar.write(h);
      }
      entries.put(path, h.type() == TarEntryType.DIRECTORY);
    });
    boolean deleted = tree.apply(whiteouts, entries, userFiles);
    ImageManifest manifest = manifest(index, below, deleted);
    byte[] json = ManifestJson.write(manifest);
    tar.write(new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, json.length, 0, "", 0,
        0, null), new ByteArrayInputStream(json));
    return manifest;
  }

  private ImageManifest manifest(int index, ImageId below, boolean deleted) {
    boolean top = index == image.layerCount() - 1;
    ImageManifest.Builder m = ImageManifest.builder(layerName(index));
    if (top) {
      m.labels(mapping.labels(image.config(), image.origin()))
          .app(mapping.app(image.config(), tree.users()))
          .annotations(mapping.annotations(image.config(), image.origin(),
              image.configDigest()));
    } else if (!chain.isEmpty()) {
      m.annotation("appc.io/docker/chainid", chain.get(index).toString());
    }
    if (below != null) {
      m.dependencies(List.of(new Dependency(layerName(index - 1), Optional.of(below),
          Labels.empty(), OptionalLong.empty())));
    }
    if (deleted) {
      m.pathWhitelist(PathWhitelist.of(tree.whitelist()));
    }
    return m.build();
  }

  /** Lays the cached layers read so far over the tree, from their stored ACIs. */
  private void replayCached() throws JaciException {
    for (ImageId id : notReplayed) {
      List<EntryPath.Whiteout> none = List.of();
      Map<String, Boolean> entries = new LinkedHashMap<>();
      Map<String, byte[]> userFiles = new HashMap<>();
      byte[] manifest = null;
      try (InputStream in = sink.openTar(id)) {
        TarReader reader = new TarReader(new java.io.BufferedInputStream(in, 1 << 16));
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
          String name = LayerPaths.clean(e.name(), id + ": entry \"" + e.name() + "\"");
          if (name.equals("manifest")) {
            manifest = reader.content().readAllBytes();
          } else if (name.startsWith(ROOTFS)) {
            String path = name.substring(ROOTFS.length());
            if (e.header().type() == TarEntryType.REGULAR && UserFiles.wants(path)
                && e.header().size() <= UserFiles.MAX_SIZE) {
              userFiles.put(path, reader.content().readAllBytes());
            }
            entries.put(path, e.header().type() == TarEntryType.DIRECTORY);
          }
        }
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new JaciException("reading the stored layer " + id + ": " + e.getMessage(), e);
      }
      tree.apply(none, entries, userFiles);
      if (manifest != null) {
        try {
          List<String> whitelist = ManifestJson.parse(manifest).pathWhitelist().asList();
          if (!whitelist.isEmpty()) {
            Set<String> keep = new HashSet<>();
            whitelist.forEach(p -> keep.add(p.substring(1)));
            tree.retain(keep);
          }
        } catch (InvalidManifestException e) {
          throw new JaciException("the stored layer " + id + " has an invalid manifest: "
              + e.getMessage());
        }
      }
    }
    notReplayed.clear();
  }
}
