package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.registry.Digest;
import java.nio.file.Path;

/**
 * Where a converted image goes: an OCI image layout, a docker-archive file or a registry.
 * Layers are written into {@link #staging()} and handed over by {@link #commit}, which makes
 * the image appear whole or not at all; {@link #close()} removes what was staged.
 */
public interface OciSink extends AutoCloseable {
  /** The directory to write layer files into (on the destination's file system if it has one). */
  Path staging();

  /** Whether layers are to be gzip-compressed (false: plain tars, as {@code docker save}). */
  boolean compressesLayers();

  /**
   * Stores the image.
   *
   * @return the digest of the image's manifest
   */
  Digest commit(OciImage image) throws JaciException;

  /** Removes staged files that were not committed. */
  @Override
  void close() throws JaciException;
}
