package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image from an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/ALG/HEX}), in a directory or packed in a tar archive. The image is the entry
 * of {@code index.json} whose {@code org.opencontainers.image.ref.name} is the tag (or a
 * full reference ending in {@code :TAG}), or the only entry when no tag is given. Every blob
 * is checked against its digest as it is read.
 */
final class OciLayoutSource {
  private OciLayoutSource() {}

  static SourceImage open(LayoutFiles files, String tag, String fallbackRepository,
      Platform platform) throws JaciException {
    if (!files.exists("oci-layout") || !files.exists("index.json")) {
      throw new JaciException(files.describe("") .replaceAll(": $", "")
          + ": not an OCI image layout (it needs the files oci-layout and index.json)");
    }
    List<Descriptor> entries = ManifestDocuments.index(files.readSmall("index.json"),
        files.describe("index.json"));
    Descriptor entry = select(entries, tag, files.describe("index.json"));
    String what = files.describe("index.json") + (tag != null ? " (tag " + tag + ")" : "");
    ManifestResolver resolver = new ManifestResolver(platform, d -> document(files, d));
    ManifestDocuments.Manifest manifest = resolver.resolve(document(files, entry), what);
    Descriptor config = manifest.config();
    ImageConfig parsed = ImageConfig.parse(readVerified(files, config), blobName(config));
    List<Long> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Descriptor layer : manifest.layers()) {
      sizes.add(layer.size());
      names.add(files.describe(blobName(layer)));
    }
    String refName = entry.refName() != null ? entry.refName() : tag;
    return new OpenedImage(ImageOrigin.ofReference(refName, fallbackRepository),
        config.digest(), parsed, sizes, names, i -> {
          Descriptor layer = manifest.layers().get(i);
          return layer.digest().verifying(files.open(blobName(layer)), layer.size(),
              files.describe(blobName(layer)));
        }, true, files::close);
  }

  private static Descriptor select(List<Descriptor> entries, String tag, String what)
      throws JaciException {
    List<String> tags = new ArrayList<>();
    for (Descriptor d : entries) {
      String ref = d.refName();
      if (ref != null) {
        tags.add(ref);
        if (tag != null && (ref.equals(tag) || ref.endsWith(":" + tag)
            && ref.lastIndexOf(':') > ref.lastIndexOf('/'))) {
          return d;
        }
      }
    }
    if (tag == null && entries.size() == 1) {
      return entries.get(0);
    }
    if (entries.isEmpty()) {
      throw new JaciException(what + ": the layout holds no image");
    }
    throw new JaciException(what + (tag == null
        ? ": the layout holds " + entries.size() + " images; name one as oci:DIR:TAG"
        : ": no image tagged \"" + tag + "\"") + (tags.isEmpty() ? ""
        : " (tags: " + String.join(", ", tags) + ")"));
  }

  static String blobName(Descriptor d) {
    return "blobs/" + d.digest().algorithm() + "/" + d.digest().hex();
  }

  private static ManifestResolver.Document document(LayoutFiles files, Descriptor d)
      throws JaciException {
    return new ManifestResolver.Document(readVerified(files, d), d.mediaType());
  }

  /** A small blob, read whole and checked against its descriptor. */
  static byte[] readVerified(LayoutFiles files, Descriptor d) throws JaciException {
    byte[] bytes = files.readSmall(blobName(d));
    Digest actual = d.digest().sameAlgorithmOf(bytes);
    if (!actual.equals(d.digest()) || bytes.length != d.size()) {
      throw new JaciException(files.describe(blobName(d)) + ": does not match its descriptor"
          + " (it has " + bytes.length + " bytes and digest " + actual + ")");
    }
    return bytes;
  }
}
