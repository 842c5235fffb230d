package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.StreamPipe;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Converted images go straight into the image store (written on one thread, imported on
 * another, never as a temporary ACI file), and the store's {@code remotes} table remembers
 * which layer each came from.
 */
public final class StoreLayerSink implements LayerSink {
  private final ImageStore store;

  public StoreLayerSink(ImageStore store) {
    this.store = store;
  }

  @Override
  public Optional<ImageId> cached(String key) throws JaciException {
    return store.convertedFrom(key).map(StoredImage::id);
  }

  @Override
  public ImageId put(String key, AciWriter writer) throws JaciException {
    ImageId id = importWritten(store, writer).id();
    if (key != null) {
      store.rememberConversion(key, id);
    }
    return id;
  }

  /** Imports into {@code store} the ACI {@code writer} writes, streaming. */
  public static StoredImage importWritten(ImageStore store, AciWriter writer)
      throws JaciException {
    try {
      return StreamPipe.run("jaci-convert", out -> {
        TarWriter tar = new TarWriter(out);
        writer.writeTo(tar);
        tar.finish();
      }, in -> store.importAci(in, ProgressListener.NONE));
    } catch (IOException e) {
      throw new JaciException("converting: " + IoMessages.describe(e), e);
    }
  }

  @Override
  public InputStream openTar(ImageId id) throws JaciException {
    return store.openTar(id);
  }
}
