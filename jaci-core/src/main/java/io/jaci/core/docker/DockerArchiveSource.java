package io.jaci.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads an image from a {@code docker save} archive:
 * <ul>
 *   <li>with {@code manifest.json} ({@code [{"Config": "HEX.json", "RepoTags": ["repo:tag"],
 *       "Layers": ["HEX/layer.tar"]}]}), as Docker since 1.10 and skopeo write it;
 *   <li>the legacy layout: {@code repositories} ({@code {"repo": {"tag": "ID"}}}) and per
 *       layer {@code ID/json} (with its {@code parent}) and {@code ID/layer.tar};
 *   <li>an OCI layout packed in a tar ({@code oci-layout}, {@code index.json}, no
 *       {@code manifest.json}).
 * </ul>
 * The archive's files name layers by path, not by digest, so layers are checked against the
 * config's {@code diff_ids} (which the converter does), and {@code manifest.json} must list
 * exactly one layer per diff ID (else the archive is refused: an extra layer would go
 * unchecked, a missing one silently dropped); the config, when named by its digest, is
 * checked against it. Legacy archives have no diff IDs, so their layers are not checked.
 */
final class DockerArchiveSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LEGACY_LAYERS = 1000;

  private DockerArchiveSource() {}

  static SourceImage open(Path file, String repoTag, Platform platform) throws JaciException {
    TarArchiveFiles files = TarArchiveFiles.open(file);
    String fallback = fallbackRepository(file);
    try {
      if (files.exists("manifest.json")) {
        return fromManifestJson(files, repoTag, fallback);
      }
      if (files.exists("repositories")) {
        return legacy(files, repoTag, fallback);
      }
      if (files.exists("index.json")) {
        return OciLayoutSource.open(files, repoTag, fallback, platform);
      }
      throw new JaciException(file + ": not a docker save archive (no manifest.json,"
          + " repositories or index.json in it)");
    } catch (JaciException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** {@code FILE.tar} gives {@code file}. */
  static String fallbackRepository(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".tar") ? name.substring(0, name.length() - 4) : name;
  }

  private static SourceImage fromManifestJson(TarArchiveFiles files, String repoTag,
      String fallback) throws JaciException {
    JsonNode list = json(files, "manifest.json");
    List<String> tags = new ArrayList<>();
    JsonNode chosen = null;
    for (JsonNode image : list) {
      for (JsonNode t : image.path("RepoTags")) {
        tags.add(t.asText());
        if (t.asText().equals(repoTag)) {
          chosen = image;
        }
      }
    }
    if (chosen == null && repoTag == null && list.size() == 1) {
      chosen = list.get(0);
    }
    if (chosen == null) {
      throw new JaciException(files.describe("manifest.json") + (repoTag == null
          ? ": the archive holds " + list.size() + " images; name one as"
              + " docker-archive:FILE:REPO:TAG" : ": no image tagged \"" + repoTag + "\"")
          + (tags.isEmpty() ? "" : " (it has " + String.join(", ", tags) + ")"));
    }
    String configName = LayoutFiles.checked(chosen.path("Config").asText(""),
        files.describe("manifest.json") + ": Config");
    byte[] config = files.readSmall(configName);
    checkNamedDigest(files, configName, config);
    List<String> layers = new ArrayList<>();
    for (JsonNode l : chosen.path("Layers")) {
      layers.add(LayoutFiles.checked(l.asText(), files.describe("manifest.json") + ": Layers"));
    }
    ImageConfig parsed = ImageConfig.parse(config, files.describe(configName));
    if (parsed.diffIds().size() != layers.size()) {
      // the archive names layers by path: only diff_ids can check them, one for each
      throw new JaciException(files.describe("manifest.json") + ": manifest.json lists "
          + layers.size() + " layers, but the config's rootfs.diff_ids has "
          + parsed.diffIds().size() + "; every layer must match a diff_id one to one, so the"
          + " archive is refused (save it again)");
    }
    String tag = repoTag != null ? repoTag
        : chosen.path("RepoTags").size() > 0 ? chosen.path("RepoTags").get(0).asText() : null;
    return opened(files, ImageOrigin.ofReference(tag, fallback), config, parsed, layers);
  }

  private static SourceImage legacy(TarArchiveFiles files, String repoTag, String fallback)
      throws JaciException {
    JsonNode repositories = json(files, "repositories");
    String top = null;
    String reference = null;
    List<String> tags = new ArrayList<>();
    for (var repo = repositories.fields(); repo.hasNext(); ) {
      var r = repo.next();
      for (var tag = r.getValue().fields(); tag.hasNext(); ) {
        var t = tag.next();
        String name = r.getKey() + ":" + t.getKey();
        tags.add(name);
        if (name.equals(repoTag) || repoTag == null && top == null) {
          top = t.getValue().asText();
          reference = name;
        }
      }
    }
    if (top == null || repoTag == null && tags.size() > 1) {
      throw new JaciException(files.describe("repositories") + (repoTag == null
          ? ": the archive holds " + tags.size() + " images; name one as"
              + " docker-archive:FILE:REPO:TAG" : ": no image tagged \"" + repoTag + "\"")
          + (tags.isEmpty() ? "" : " (it has " + String.join(", ", tags) + ")"));
    }
    byte[] config = files.readSmall(LayoutFiles.checked(top + "/json", "repositories"));
    List<String> layers = new ArrayList<>();
    for (String id = top; !id.isEmpty(); id = json(files, id + "/json").path("parent")
        .asText("")) {
      if (layers.size() > MAX_LEGACY_LAYERS) {
        throw new JaciException(files.describe("repositories") + ": the chain of parent"
            + " layers of " + reference + " does not end");
      }
      layers.add(LayoutFiles.checked(id + "/layer.tar", files.describe(id + "/json")));
    }
    Collections.reverse(layers);
    return opened(files, ImageOrigin.ofReference(reference, fallback), config,
        ImageConfig.parse(config, files.describe(top + "/json")), layers);
  }

  private static SourceImage opened(TarArchiveFiles files, ImageOrigin origin, byte[] config,
      ImageConfig parsed, List<String> layers) throws JaciException {
    List<Long> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String layer : layers) {
      sizes.add(files.size(layer));
      names.add(files.describe(layer));
    }
    return new OpenedImage(origin, Digest.sha256(config), parsed, sizes, names,
        i -> files.open(layers.get(i)), false, files::close);
  }

  /** A config named {@code HEX.json} or {@code blobs/sha256/HEX} must hash to HEX. */
  private static void checkNamedDigest(TarArchiveFiles files, String name, byte[] bytes)
      throws JaciException {
    String base = name.substring(name.lastIndexOf('/') + 1).replaceFirst("\\.json$", "");
    if (base.matches("[0-9a-f]{64}") && !Digest.sha256(bytes).hex().equals(base)) {
      throw new JaciException(files.describe(name) + ": does not match its digest (it hashes"
          + " to " + Digest.sha256(bytes) + ")");
    }
  }

  private static JsonNode json(TarArchiveFiles files, String name) throws JaciException {
    try {
      return JSON.readTree(files.readSmall(name));
    } catch (IOException e) {
      throw new JaciException(files.describe(name) + ": not JSON: " + e.getMessage());
    }
  }
}
