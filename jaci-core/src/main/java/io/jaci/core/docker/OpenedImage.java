package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.io.IoMessages;
import io.jaci.core.registry.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A {@link SourceImage} made of its parts; each source supplies how a layer is opened. */
final class OpenedImage implements SourceImage {
  /** Opens the stored (possibly compressed) data of a layer. */
  interface LayerOpener {
    InputStream open(int index) throws JaciException;
  }

  /** Releases what the source holds open. */
  interface Resources {
    void close() throws JaciException;
  }

  private final ImageOrigin origin;
  private final Digest configDigest;
  private final ImageConfig config;
  private final List<Long> sizes;
  private final List<String> names;
  private final LayerOpener opener;
  private final boolean verified;
  private final Resources resources;

  /**
   * @param sizes compressed sizes (-1 unknown), bottom layer first
   * @param names how each layer is named in messages
   */
  OpenedImage(ImageOrigin origin, Digest configDigest, ImageConfig config, List<Long> sizes,
      List<String> names, LayerOpener opener, boolean verified, Resources resources) {
    this.origin = origin;
    this.configDigest = configDigest;
    this.config = config;
    this.sizes = List.copyOf(sizes);
    this.names = List.copyOf(names);
    this.opener = opener;
    this.verified = verified;
    this.resources = resources;
  }

  @Override
  public ImageOrigin origin() {
    return origin;
  }

  @Override
  public Digest configDigest() {
    return configDigest;
  }

  @Override
  public ImageConfig config() {
    return config;
  }

  @Override
  public int layerCount() {
    return sizes.size();
  }

  @Override
  public long layerSize(int index) {
    return sizes.get(index);
  }

  @Override
  public InputStream openLayer(int index, ProgressListener progress) throws JaciException {
    InputStream raw = new ProgressInputStream(opener.open(index), progress);
    try {
      return UncompressedLayer.of(raw, names.get(index));
    } catch (IOException e) {
      throw new JaciException(e.getMessage() != null && e.getMessage().startsWith(names.get(index))
          ? e.getMessage() : names.get(index) + ": " + IoMessages.describe(e), e);
    }
  }

  @Override
  public String layerName(int index) {
    return names.get(index);
  }

  @Override
  public boolean layersVerified() {
    return verified;
  }

  @Override
  public void close() throws JaciException {
    resources.close();
  }
}
