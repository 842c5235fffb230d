package io.jaci.core.store;

import io.jaci.core.JaciException;
import io.jaci.core.spec.ImageId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store remembers about fetched images: for each URL, the image it gave with its
 * {@code ETag}, {@code Cache-Control: max-age} and download time (the {@code remotes} table);
 * for each image, the trusted key that verified its signature, if one did.
 */
public final class FetchRecords {
  private final ImageStore store;
  private final StoreIndex index;
  private final Path tmp;

  FetchRecords(ImageStore store, StoreIndex index, Path tmp) {
    this.store = store;
    this.index = index;
    this.tmp = tmp;
  }

  /**
   * What fetching a URL gave last time.
   *
   * @param image the image, still in the store
   * @param etag the answer's {@code ETag}, if it had one
   * @param maxAgeSeconds its {@code max-age} ({@code 0} for {@code no-cache}), if it had one
   * @param fetched when it was downloaded or last revalidated
   */
  public record Remote(StoredImage image, Optional<String> etag, Optional<Long> maxAgeSeconds,
      Instant fetched) {
    public Remote {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(etag, "etag");
      Objects.requireNonNull(maxAgeSeconds, "maxAgeSeconds");
      Objects.requireNonNull(fetched, "fetched");
    }

    /** Whether {@code max-age} says it may still be used without asking the server. */
    public boolean isFresh(Instant now) {
      return maxAgeSeconds.isPresent() && fetched.plusSeconds(maxAgeSeconds.get()).isAfter(now);
    }
  }

  /**
   * The key that verified an image's signature.
   *
   * @param keyFingerprint the trusted key's fingerprint
   * @param prefix the prefix it was trusted for ({@code root} for a root key)
   */
  public record Verification(String keyFingerprint, String prefix) {}

  /** The directory for downloads in progress (on the store's file system). */
  public Path downloads() {
    return tmp;
  }

  /** What {@code url} gave last time, if that image is still in the store. */
  public Optional<Remote> remote(String url) throws JaciException {
    Optional<StoreIndex.Remote> r = index.remote(url);
    if (r.isEmpty() || r.get().blobId() == null) {
      return Optional.empty();
    }
    Optional<StoredImage> image;
    try {
      image = store.get(new ImageId(r.get().blobId()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a conversion's row, not an image ID
    }
    return image.map(i -> new Remote(i, Optional.ofNullable(r.get().etag()),
        Optional.ofNullable(r.get().maxAgeSeconds()), r.get().fetched()));
  }

  /** Records that {@code url} gave {@code id}, with its cache headers, now. */
  public void remember(String url, ImageId id, Optional<String> etag,
      Optional<Long> maxAgeSeconds) throws JaciException {
    index.putRemote(url, id.hex(), etag.orElse(null), maxAgeSeconds.orElse(null),
        Instant.now());
  }

  /** Records that a trusted key verified the signature of {@code id}. */
  public void verified(ImageId id, Verification v) throws JaciException {
    index.setVerified(id, v.keyFingerprint(), v.prefix());
  }

  /** The key that verified {@code id}'s signature; empty when none did. */
  public Optional<Verification> verification(ImageId id) throws JaciException {
    return index.verified(id).map(a -> new Verification(a[0], a[1]));
  }
}
