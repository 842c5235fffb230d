package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.Label;
import io.jaci.core.store.StoredImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The web page at {@code /}: every image with its versions, labels, size, signature, the images
 * it depends on (links to them when served here), its manifest and the command that fetches
 * it. Plain HTML and a little CSS, readable on a phone; every untrusted string is escaped.
 */
final class IndexPage {
  private static final String STYLE = "body{font-family:sans-serif;margin:0 auto;max-width:60em;"
      + "padding:0 .8em;line-height:1.4}section{border-top:1px solid #ccc;padding:.4em 0}"
      + "article{margin:.5em 0 .5em .8em}dl{display:grid;grid-template-columns:max-content 1fr;"
      + "gap:.1em .8em;margin:.3em 0}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}"
      + "code{overflow-wrap:anywhere;background:#f3f3f3}h2{font-size:1.1em;"
      + "overflow-wrap:anywhere}h3{font-size:1em;margin:.2em 0}";

  private IndexPage() {}

  static String render(Site site, Catalog catalog) throws JaciException {
    List<StoredImage> images = catalog.images();
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append(DiscoveryPage.metaTags(site))
        .append("<title>Images on ").append(Html.escape(site.host())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>Images on ").append(Html.escape(site.host())).append("</h1>\n");
    if (images.isEmpty()) {
      html.append("<p>No images yet: push one with <code>jaci push IMAGE.aci ")
          .append(Html.escape(site.baseUrl())).append("</code>.</p>\n");
    }
    String current = null;
    for (StoredImage image : images) {
      String name = image.manifest().name().value();
      if (!name.equals(current)) {
        html.append(current == null ? "" : "</section>\n").append("<section>\n<h2>")
            .append(Html.escape(name)).append("</h2>\n");
        current = name;
      }
      appendImage(html, site, catalog, image, images);
    }
    html.append(current == null ? "" : "</section>\n").append("</body>\n</html>\n");
    return html.toString();
  }

  private static void appendImage(StringBuilder html, Site site, Catalog catalog,
      StoredImage image, List<StoredImage> served) {
    String version = ImageVersions.label(image, "version");
    html.append("<article id=\"").append(image.id()).append("\">\n<h3>")
        .append(version.isEmpty() ? "(no version)" : Html.escape(version)).append("</h3>\n<dl>\n");
    row(html, "ID", "<code>" + image.id().toString().substring(0, 7 + 16) + "…</code>");
    StringBuilder labels = new StringBuilder();
    for (Label l : image.manifest().labels().asList()) {
      labels.append(labels.length() == 0 ? "" : ", ").append(Html.escape(l.name().value()))
          .append('=').append(Html.escape(l.value()));
    }
    row(html, "labels", labels.length() == 0 ? "none" : labels.toString());
    row(html, "size", sizes(catalog, image));
    Optional<Path> signature = catalog.signature(image);
    row(html, "signed", signature.isEmpty() ? "no"
        : "yes, by <code>" + Html.escape(SignatureIssuer.of(signature.get())) + "</code> ("
            + link(ServedPaths.byId(image.id(), ".aci.asc"), "signature") + ")");
    row(html, "depends on", dependencies(image, served));
    row(html, "files", link(ServedPaths.aci(image), "download .aci") + " · "
        + link(ServedPaths.manifest(image), "manifest"));
    String ref = site.fetchReference(image.manifest().name().value())
        + (version.isEmpty() ? "" : ":" + version);
    row(html, "fetch", "<code>jaci fetch " + Html.escape(ref) + "</code>");
    html.append("</dl>\n</article>\n");
  }

  private static String sizes(Catalog catalog, StoredImage image) {
    String tar = human(image.size()) + " as a tar";
    try {
      Optional<Path> aci = catalog.files().keptAci(image.id());
      return aci.isEmpty() ? tar : human(Files.size(aci.get())) + " .aci, " + tar;
    } catch (java.io.IOException e) {
      return tar;
    }
  }

  private static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGTPE";
    int unit = Math.min(units.length(), (63 - Long.numberOfLeadingZeros(bytes)) / 10);
    return String.format(java.util.Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, unit),
        units.charAt(unit - 1));
  }

  private static String dependencies(StoredImage image, List<StoredImage> served) {
    List<Dependency> deps = image.manifest().dependencies();
    if (deps.isEmpty()) {
      return "nothing";
    }
    StringBuilder out = new StringBuilder("<ul>");
    for (Dependency d : deps) {
      String text = Html.escape(d.imageName().value());
      for (Label l : d.labels().asList()) {
        text += ", " + Html.escape(l.name().value()) + "=" + Html.escape(l.value());
      }
      Optional<StoredImage> found = served.stream().filter(s -> matches(d, s)).findFirst();
      out.append("<li>").append(found.isPresent()
          ? "<a href=\"#" + found.get().id() + "\">" + text + "</a>"
          : text + " (not on this server)").append("</li>");
    }
    return out.append("</ul>").toString();
  }

  private static boolean matches(Dependency d, StoredImage image) {
    if (d.imageID().isPresent()) {
      return image.id().toString().startsWith(d.imageID().get().toString());
    }
    if (!image.manifest().name().equals(d.imageName())) {
      return false;
    }
    for (Label l : d.labels().asList()) {
      if (!image.manifest().labels().get(l.name().value()).equals(Optional.of(l.value()))) {
        return false;
      }
    }
    return true;
  }

  private static void row(StringBuilder html, String term, String value) {
    html.append("<dt>").append(term).append("</dt><dd>").append(value).append("</dd>\n");
  }

  private static String link(String path, String text) {
    return "<a href=\"" + Html.escape(path.substring(1)) + "\">" + text + "</a>";
  }

  static byte[] bytes(Site site, Catalog catalog) throws JaciException {
    return render(site, catalog).getBytes(StandardCharsets.UTF_8);
  }
}
