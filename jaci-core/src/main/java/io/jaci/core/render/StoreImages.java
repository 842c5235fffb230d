package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The image store as the renderer's source of images. */
public final class StoreImages implements ImageSource {
  private final ImageStore store;

  private StoreImages(ImageStore store) {
    this.store = store;
  }

  public static StoreImages of(ImageStore store) {
    return new StoreImages(store);
  }

  @Override
  public Optional<Image> byId(ImageId id) throws JaciException {
    return store.get(id).map(s -> new Image(s.id(), s.manifest()));
  }

  @Override
  public Optional<Image> byNameAndLabels(AcIdentifier name, Labels labels)
      throws JaciException {
    List<StoredImage> found = store.find(name, labels);
    return found.isEmpty() ? Optional.empty()
        : Optional.of(new Image(found.get(0).id(), found.get(0).manifest()));
  }

  @Override
  public long size(ImageId id) throws JaciException {
    return store.get(id).map(StoredImage::size).orElse(-1L);
  }

  @Override
  public String blobStamp(ImageId id) throws JaciException {
    return store.blobStamp(id);
  }

  @Override
  public void markUsed(ImageId id) throws JaciException {
    store.markUsed(id);
  }

  @Override
  public void willRead(List<ImageId> ids) throws JaciException {
    store.hashAhead(ids);
  }

  @Override
  public InputStream openTar(ImageId id) throws JaciException {
    return store.openTar(id);
  }
}
