package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where a layered conversion puts its images (one ACI per layer), and its cache of layers
 * converted before, keyed by what they were converted from. {@link StoreLayerSink} is the
 * image store's.
 */
public interface LayerSink {
  /** Writes the entries of one ACI (uncompressed); the sink ends the archive. */
  @FunctionalInterface
  interface AciWriter {
    void writeTo(TarWriter tar) throws IOException, JaciException;
  }

  /** The image converted before from {@code key}, if the sink still has it. */
  Optional<ImageId> cached(String key) throws JaciException;

  /**
   * Stores the ACI {@code writer} writes, remembering it under {@code key} (unless null).
   *
   * @return its image ID
   */
  ImageId put(String key, AciWriter writer) throws JaciException;

  /** The uncompressed tar of an image {@link #put} or {@link #cached} named. */
  InputStream openTar(ImageId id) throws JaciException;
}
