package io.jaci.core.registry;

import java.util.Objects;

/**
 * A manifest (or index) as a registry served it: the exact bytes, their media type and their
 * digest, which {@link RegistryClient#manifest} has checked.
 *
 * @param mediaType from the answer's {@code Content-Type}, else the JSON's {@code mediaType}
 *     field; empty when neither says
 */
public record RegistryManifest(byte[] bytes, String mediaType, Digest digest) {
  public RegistryManifest {
    bytes = bytes.clone();
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
  }

  /** A copy of the manifest's bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryManifest m && digest.equals(m.digest)
        && mediaType.equals(m.mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "RegistryManifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
