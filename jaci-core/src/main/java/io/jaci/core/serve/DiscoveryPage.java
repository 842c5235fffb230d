package io.jaci.core.serve;

/**
 * The appc meta discovery tags of a site: one template on this site for every name under its
 * host, the public keys, and acserver's push endpoint. {@code ac-discovery-pubkeys} is always
 * there (the reference actool prints nothing without it).
 */
final class DiscoveryPage {
  private DiscoveryPage() {}

  /** The {@code <meta>} tags, one a line. */
  static String metaTags(Site site) {
    String prefix = Html.escape(site.host());
    String base = Html.escape(site.baseUrl());
    return "<meta name=\"ac-discovery\" content=\"" + prefix + " " + base + ServedPaths.IMAGES
        + "{name}/{version}-{os}-{arch}.{ext}\">\n"
        + "<meta name=\"ac-discovery-pubkeys\" content=\"" + prefix + " " + base
        + ServedPaths.PUBKEYS + "\">\n"
        + "<meta name=\"ac-push-discovery\" content=\"" + prefix + " " + base
        + "/{name}/startupload\">\n";
  }

  /** The page answering {@code ?ac-discovery=1} for {@code name}. */
  static String render(Site site, String name) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + metaTags(site)
        + "<title>" + Html.escape(name) + "</title>\n</head>\n<body>\n<p>"
        + Html.escape(name) + ": see <a href=\"" + Html.escape(site.baseUrl())
        + "/\">the images of this server</a>.</p>\n</body>\n</html>\n";
  }
}
