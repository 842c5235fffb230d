package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows an index (or Docker manifest list), nested ones too, down to the manifest of the
 * image for the wanted platform. Registries and layouts differ only in how a document is
 * fetched by its descriptor.
 */
final class ManifestResolver {
  private static final int MAX_DEPTH = 4;

  /** A fetched manifest or index: its bytes (checked against its digest) and media type. */
  record Document(byte[] bytes, String mediaType) {}

  /** Fetches the document a descriptor points to. */
  interface Fetcher {
    Document fetch(Descriptor descriptor) throws JaciException;
  }

  private final Platform wanted;
  private final Fetcher fetcher;

  ManifestResolver(Platform wanted, Fetcher fetcher) {
    this.wanted = wanted;
    this.fetcher = fetcher;
  }

  /**
   * The manifest {@code top} leads to.
   *
   * @param what names {@code top} in messages
   */
  ManifestDocuments.Manifest resolve(Document top, String what) throws JaciException {
    Document doc = top;
    for (int depth = 0; depth <= MAX_DEPTH; depth++) {
      String type = mediaTypeOf(doc);
      if (MediaTypes.isManifest(type)) {
        return ManifestDocuments.manifest(doc.bytes(), what);
      }
      if (!MediaTypes.isIndex(type)) {
        throw new JaciException(what + " is " + MediaTypes.unsupported(type));
      }
      Descriptor chosen = choose(ManifestDocuments.index(doc.bytes(), what), what);
      what = what + " (" + (chosen.platform() != null ? chosen.platform() + " " : "")
          + chosen.digest() + ")";
      doc = fetcher.fetch(chosen);
    }
    throw new JaciException(what + ": indexes nested deeper than " + MAX_DEPTH);
  }

  /**
   * The entry of an index for the wanted platform: the first whose platform matches; an
   * index of one entry without a platform (as OCI layouts nest them) gives that entry.
   */
  Descriptor choose(List<Descriptor> entries, String what) throws JaciException {
    if (entries.size() == 1 && entries.get(0).platform() == null) {
      return entries.get(0);
    }
    for (Descriptor d : entries) {
      if (d.platform() != null && wanted.accepts(d.platform())
          && (MediaTypes.isManifest(d.mediaType()) || MediaTypes.isIndex(d.mediaType()))) {
        return d;
      }
    }
    Set<String> offered = new LinkedHashSet<>();
    for (Descriptor d : entries) {
      if (d.platform() != null && !d.platform().os().equals("unknown")) {
        offered.add(d.platform().toString());
      }
    }
    throw new JaciException(what + " has no image for " + wanted + (offered.isEmpty() ? ""
        : "; it has " + String.join(", ", new ArrayList<>(offered))
            + " (choose one with --platform)"));
  }

  /** The media type served, else declared, else told by the fields OCI requires. */
  private static String mediaTypeOf(Document doc) {
    String type = doc.mediaType();
    if (type == null || type.isEmpty() || type.equals("application/json")) {
      type = ManifestDocuments.declaredMediaType(doc.bytes());
    }
    if (type.isEmpty()) {
      String text = new String(doc.bytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (text.contains("\"manifests\"")) {
        return MediaTypes.OCI_INDEX;
      }
      if (text.contains("\"layers\"") && text.contains("\"config\"")) {
        return MediaTypes.OCI_MANIFEST;
      }
    }
    return type;
  }
}
