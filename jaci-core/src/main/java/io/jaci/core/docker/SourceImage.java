package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.registry.Digest;
import java.io.InputStream;
import java.util.List;

/**
 * One Docker or OCI image opened for reading, wherever it is (a registry, a
 * {@code docker save} archive, an OCI layout): its config and its layers as streams.
 * Opened by {@link ImageSources#open}; close it to release files and connections.
 */
public interface SourceImage extends AutoCloseable {
  /** Where the image came from, for its appc name and annotations. */
  ImageOrigin origin();

  /** The digest of the config blob (Docker's image ID). */
  Digest configDigest();

  ImageConfig config();

  /** How many layers the image has. */
  int layerCount();

  /** The compressed size of layer {@code index} (bottom is 0), or -1 if unknown. */
  long layerSize(int index);

  /**
   * Opens layer {@code index} (bottom is 0) as an uncompressed tar stream. Reading it to its
   * end (-1) checks it: the read that reaches the end throws if the data does not match its
   * digest. The caller closes it.
   *
   * @param progress hears of the stored (compressed) bytes read
   */
  InputStream openLayer(int index, ProgressListener progress) throws JaciException;

  /** How layer {@code index} is named in messages. */
  String layerName(int index);

  /**
   * Whether {@link #openLayer} checks the data against a digest of its own (a registry's or
   * layout's blob digest); false when only the config's {@code diff_ids} can check it (old
   * {@code docker save} archives name layers by path, not digest).
   */
  boolean layersVerified();

  /** The uncompressed digests of the layers from the config, or empty if it has none. */
  default List<Digest> diffIds() {
    List<Digest> ids = config().diffIds();
    return ids.size() == layerCount() ? ids : List.of();
  }

  @Override
  void close() throws JaciException;
}
