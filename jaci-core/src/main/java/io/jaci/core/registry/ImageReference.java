package io.jaci.core.registry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image in a registry: {@code docker://HOST[:PORT]/REPOSITORY[:TAG][@DIGEST]}, e.g.
 * {@code docker://registry.example.com:5000/team/app:1.2}. Without tag and digest the tag is
 * {@code latest}; with a digest, the digest is what is fetched (a tag beside it is kept only
 * for naming).
 *
 * <p>There is no default registry: like Docker, the first path component is the host only
 * if it has a dot or a port or is {@code localhost}, and a reference without one is refused.
 *
 * @param registry {@code HOST[:PORT]}, an IPv6 host in brackets
 * @param repository the repository name, lower-case components joined by {@code /}
 * @param tag the tag, or null when only a digest names the image
 * @param digest the manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
  /** The transport prefix of registry references. */
  public static final String PREFIX = "docker://";

  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
  private static final Pattern HOST = Pattern.compile(
      "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?");
  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_NAME = 255;

  /** Validates every part; prefer {@link #parse(String)}. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    String problem = problem(registry, repository, tag);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid image reference \"" + describe(registry, repository, tag, digest) + "\": "
              + problem);
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /**
   * Parses {@code [docker://]HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]}.
   *
   * @throws IllegalArgumentException one line naming the text and what is wrong
   */
  public static ImageReference parse(String text) {
    String rest = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid image reference \"" + text + "\": " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (slash < 0 && (first.contains(".") || first.matches(".*:[0-9]+")
        || first.equals("localhost"))) {
      throw new IllegalArgumentException("\"" + text + "\" names no repository: write "
          + PREFIX + "HOST[:PORT]/REPOSITORY[:TAG]");
    }
    if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost")
        || first.startsWith("["))) {
      throw new IllegalArgumentException("\"" + text + "\" names no registry host: write "
          + PREFIX + "HOST[:PORT]/REPOSITORY[:TAG] (a host has a dot or a port, or is"
          + " localhost; jaci has no default registry)");
    }
    String name = rest.substring(slash + 1);
    String tag = null;
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    String problem = problem(first, name, tag);
    if (problem != null) {
      throw new IllegalArgumentException("invalid image reference \"" + text + "\": " + problem);
    }
    return new ImageReference(first, name, tag, digest);
  }

  /** What the registry API calls the reference: the digest if there is one, else the tag. */
  public String reference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The same repository with {@code newTag} and no digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Objects.requireNonNull(newTag), null);
  }

  /** The same repository pinned to {@code newDigest}, the tag kept for naming. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, tag, Objects.requireNonNull(newDigest));
  }

  /** Another repository of the same registry, tag {@code latest}. */
  public ImageReference inRepository(String otherRepository) {
    return new ImageReference(registry, otherRepository, null, null);
  }

  /** {@code docker://HOST/REPOSITORY} without tag or digest, for messages about blobs. */
  public String repositoryUrl() {
    return PREFIX + registry + "/" + repository;
  }

  @Override
  public String toString() {
    return PREFIX + describe(registry, repository, tag, digest);
  }

  private static String describe(String registry, String repository, String tag, Digest digest) {
    return registry + "/" + repository + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }

  private static String problem(String registry, String repository, String tag) {
    String problem = registryProblem(registry);
    if (problem == null) {
      problem = repositoryProblem(repository);
    }
    if (problem == null && tag != null && !TAG.matcher(tag).matches()) {
      problem = "invalid tag \"" + tag + "\" (letters, digits, '_', '.', '-', at most 128,"
          + " not starting with '.' or '-')";
    }
    return problem;
  }

  private static String registryProblem(String registry) {
    var m = HOST.matcher(registry);
    if (!m.matches()) {
      return "invalid registry host \"" + registry + "\"";
    }
    if (m.group(1) != null) {
      int port = Integer.parseInt(m.group(1));
      if (port < 1 || port > 65535) {
        return "port " + port + " is outside 1..65535";
      }
    }
    return null;
  }

  private static String repositoryProblem(String repository) {
    if (repository.isEmpty()) {
      return "the repository name is empty";
    }
    if (repository.length() > MAX_NAME) {
      return "the repository name is longer than " + MAX_NAME + " characters";
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return "invalid repository name \"" + repository + "\": component \"" + component
            + "\" must be lower-case letters and digits joined by '.', '_', '__' or '-'";
      }
    }
    return null;
  }
}
