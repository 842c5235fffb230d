package io.jaci.core.registry;

import java.util.List;

/** The token scopes of the registry API calls (docker's {@code repository:NAME:ACTIONS}). */
final class Scopes {
  private Scopes() {}

  static List<String> pull(ImageReference repo) {
    return List.of("repository:" + repo.repository() + ":pull");
  }

  static List<String> push(ImageReference repo) {
    return List.of("repository:" + repo.repository() + ":pull,push");
  }

  /** Push to {@code target}, pull from {@code from} (a cross-repository mount). */
  static List<String> mount(ImageReference target, ImageReference from) {
    return List.of("repository:" + target.repository() + ":pull,push",
        "repository:" + from.repository() + ":pull");
  }
}
