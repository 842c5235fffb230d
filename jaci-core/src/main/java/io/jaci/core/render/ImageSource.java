package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Labels;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Where the renderer finds images and their contents: the image store, in practice. */
public interface ImageSource {
  /** An image and its manifest. */
  record Image(ImageId id, ImageManifest manifest) {}

  /** The image with this ID, full or a unique prefix (rkt's 64-hex keys), if present. */
  Optional<Image> byId(ImageId id) throws JaciException;

  /**
   * The best image with this name whose labels include all of {@code labels}, if any: the
   * highest {@code version}, then the newest.
   */
  Optional<Image> byNameAndLabels(AcIdentifier name, Labels labels) throws JaciException;

  /** The size of the image's tar in bytes, or -1 if unknown (for progress reports). */
  default long size(ImageId id) throws JaciException {
    return -1;
  }

  /**
   * A token that changes when the stored bytes of image {@code id} (a full ID from this
   * source) change, cheap to get; a tree cached from the image is used only while it is the
   * same. The default, an empty token, says nothing.
   */
  default String blobStamp(ImageId id) throws JaciException {
    return "";
  }

  /** Notes that the image {@code id} was used now (so that garbage collection keeps it). */
  default void markUsed(ImageId id) throws JaciException {}

  /**
   * Says that the tars of {@code ids} (full IDs from this source) will be read next, in this
   * order, so that the source can begin its work on them (the store hashes them ahead).
   */
  default void willRead(List<ImageId> ids) throws JaciException {}

  /** The uncompressed tar of the image {@code id} (a full ID from this source). */
  InputStream openTar(ImageId id) throws JaciException;
}
