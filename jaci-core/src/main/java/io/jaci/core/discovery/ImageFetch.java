package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.AppString;
import io.jaci.core.store.FetchRecords;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.jaci.core.trust.TrustedKeys;
import io.jaci.core.trust.VerifiedSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches images into the store: by name (meta discovery), by URL, or from a local file;
 * checks each signature against the keys trusted for its name and that the image is the one
 * asked for ({@link AskedImage}); then fetches its dependencies the same way, one
 * after another from a queue.
 *
 * <pre>{@code
 * ImageFetch f = new ImageFetch(store, TrustedKeys.load(KeystoreDirs.defaults()),
 *     ImageFetch.Options.defaults());
 * ImageFetch.Fetched image = f.fetch("example.com/app:1.0.0", Optional.empty());
 * }</pre>
 */
public final class ImageFetch {
  /** How much of an image fetched by URL is looked into for its manifest before the rest. */
  private static final int HEAD_BYTES = 1 << 20;

  /** At most this many images (the one asked for and its dependencies) per fetch. */
  static final int MAX_IMAGES = 64;

  /**
   * How to fetch.
   *
   * @param timeout for connecting, each answer's headers, and each read of a body
   * @param insecure the checks turned off
   * @param policy when to ask the server
   * @param maxImageBytes the largest {@code .aci} downloaded
   * @param retryPause the first pause before asking again for a signature answered with 202
   * @param credentials sent to the hosts they are for, over HTTPS only
   */
  public record Options(Duration timeout, Set<InsecureOptions> insecure, PullPolicy policy,
      long maxImageBytes, Duration retryPause, AuthFiles credentials) {
    public Options {
      insecure = Set.copyOf(insecure);
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(credentials, "credentials");
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), Set.of(), PullPolicy.NEW, 16L << 30,
          Duration.ofSeconds(1), AuthFiles.none());
    }
  }

  /**
   * A fetched image.
   *
   * @param image the image in the store
   * @param verification the trusted key that verified it; empty with {@code
   *     --insecure-options=image}
   * @param fromStore whether the store's copy was used without a download
   */
  public record Fetched(StoredImage image, Optional<FetchRecords.Verification> verification,
      boolean fromStore) {}

  private final ImageStore store;
  private final FetchRecords records;
  private final TrustedKeys keys;
  private final Options options;
  private final Http http;
  private final Discovery discovery;
  private final boolean checkSignatures;

  public ImageFetch(ImageStore store, TrustedKeys keys, Options options) throws JaciException {
    this(store, keys, options, new Http(options.timeout(), options.insecure(),
        options.credentials()));
  }

  /** With {@code http} for discovery and downloads alike (tests give it a proxy). */
  ImageFetch(ImageStore store, TrustedKeys keys, Options options, Http http)
      throws JaciException {
    this.store = store;
    this.records = store.fetchRecords();
    this.keys = keys;
    this.options = options;
    this.http = http;
    this.discovery = new Discovery(http);
    this.checkSignatures = !options.insecure().contains(InsecureOptions.IMAGE);
  }

  private record Wanted(String text, ImageRequest request, Optional<ImageId> id) {}

  /**
   * Fetches {@code image} (an app string, an https URL of an {@code .aci}, or a local {@code
   * .aci}) and its dependencies.
   *
   * @param signature the signature file to use instead of the one beside the image
   * @return the image asked for
   */
  public Fetched fetch(String image, Optional<Path> signature) throws JaciException {
    Fetched first = fetchOne(image, signature);
    Deque<Dependency> queue = new ArrayDeque<>(first.image().manifest().dependencies());
    Set<String> seen = new HashSet<>();
    seen.add(first.image().id().hex());
    int count = 1;
    while (!queue.isEmpty()) {
      Dependency d = queue.poll();
      String key = d.imageID().map(ImageId::hex).orElse(d.imageName() + "," + d.labels());
      if (!seen.add(key)) {
        continue;
      }
      if (++count > MAX_IMAGES) {
        throw new JaciException(image + ": more than " + MAX_IMAGES + " images with its"
            + " dependencies, refused");
      }
      ImageRequest r = new ImageRequest(new AppString(d.imageName(), d.labels().get("version"),
          without(d.labels(), "version")), Optional.empty());
      Fetched dep;
      try {
        dep = fetchByName(new Wanted(r.toString(), r, d.imageID()));
      } catch (JaciException e) {
        throw new JaciException("dependency " + r + " of " + image + ": " + e.getMessage(), e);
      }
      seen.add(dep.image().id().hex());
      queue.addAll(dep.image().manifest().dependencies());
    }
    return first;
  }

  private Fetched fetchOne(String image, Optional<Path> signature) throws JaciException {
    if (image.startsWith("docker://")) {
      throw new JaciException(image + ": fetch takes appc images; convert a Docker image with"
          + " 'jaci convert'");
    }
    if (image.startsWith("https://") || image.startsWith("http://")) {
      URI uri;
      try {
        uri = new URI(image);
      } catch (java.net.URISyntaxException e) {
        throw new JaciException(image + ": not a URL (" + e.getReason() + ")");
      }
      URI sig = URI.create(image + ".asc");
      return fetchUri(uri, sig, signature, AskedImage.byUrl());
    }
    if (ImageStore.isAciPath(image)) {
      return fetchFile(Path.of(image), signature);
    }
    ImageRequest r;
    try {
      r = ImageRequest.parse(image);
    } catch (IllegalArgumentException e) {
      throw new JaciException(e.getMessage() + " (give an app string, an https:// URL or an"
          + " .aci file)");
    }
    return fetchByName(new Wanted(image, r, Optional.empty()));
  }

  private Fetched fetchByName(Wanted w) throws JaciException {
    AppString app = w.request().app();
    Labels required = w.request().requiredLabels();
    if (options.policy() != PullPolicy.UPDATE) {
      for (StoredImage s : store.find(app.name(), required)) {
        if (w.id().isPresent() && !w.id().get().equals(s.id())) {
          continue;
        }
        Optional<FetchRecords.Verification> v = trusted(s);
        if (v.isPresent() || !checkSignatures) {
          return new Fetched(s, v, true);
        }
      }
      if (w.id().isPresent()) {
        Optional<StoredImage> s = store.get(w.id().get());
        if (s.isPresent() && (trusted(s.get()).isPresent() || !checkSignatures)) {
          return new Fetched(s.get(), trusted(s.get()), true);
        }
      }
    }
    if (options.policy() == PullPolicy.NEVER) {
      throw new JaciException(w.text() + ": no " + (checkSignatures ? "verified " : "")
          + "image in the store matches, and --pull-policy never fetches nothing");
    }
    Endpoints e = discovery.discover(w.request());
    JaciException last = null;
    for (Endpoints.Image ep : e.images()) {
      try {
        return fetchUri(ep.aci(), ep.signature(), Optional.empty(),
            new AskedImage(app.name(), required, w.id()));
      } catch (JaciException x) {
        if (!retriable(x)) {
          throw x;
        }
        last = x;
      }
    }
    throw last;
  }

  /** Whether another endpoint may do better: a server error, not a refused image. */
  private static boolean retriable(JaciException e) {
    return e.getMessage() != null && (e.getMessage().contains(": HTTP 5")
        || e.getMessage().contains("cannot connect") || e.getMessage().contains("no answer"));
  }

  private Fetched fetchUri(URI aci, URI sigUri, Optional<Path> sigFile, AskedImage asked)
      throws JaciException {
    String url = aci.toString();
    AcIdentifier name = asked.name();
    Optional<FetchRecords.Remote> cached = records.remote(url);
    Optional<FetchRecords.Verification> cachedTrust = cached.isPresent()
        ? trusted(cached.get().image()) : Optional.empty();
    boolean reusable = cached.isPresent() && (cachedTrust.isPresent() || !checkSignatures)
        && asked.matches(cached.get().image().manifest());
    if (options.policy() == PullPolicy.NEVER) {
      if (reusable) {
        return new Fetched(cached.get().image(), cachedTrust, true);
      }
      throw new JaciException(url + ": not in the store, and --pull-policy never fetches"
          + " nothing");
    }
    // update asks the server every time (If-None-Match below); new trusts max-age
    if (reusable && options.policy() == PullPolicy.NEW && cached.get().isFresh(Instant.now())) {
      return new Fetched(cached.get().image(), cachedTrust, true);
    }
    Download.Result d = Download.open(http, aci, options.maxImageBytes(),
        reusable ? cached.get().etag() : Optional.empty());
    if (d.notModified()) {
      records.remember(url, cached.get().image().id(), d.etag(), d.maxAgeSeconds());
      return new Fetched(cached.get().image(), cachedTrust, true);
    }
    Path spooled = null;
    try (Download.Body body = d.body()) {
      Optional<byte[]> sig = Optional.empty();
      if (checkSignatures) {
        sig = sigFile.isPresent() ? Optional.of(readSignature(sigFile.get()))
            : SignatureDownload.fetch(http, sigUri, options.retryPause());
        if (sig.isEmpty() && name != null) {
          throw VerifiedImport.unsigned(url, name);
        }
      }
      InputStream image = body;
      AcIdentifier keyName = name;
      if (sig.isPresent() && name == null) {
        // by URL: the keys that check the signature follow from the image's name, in its
        // manifest: first (as jaci writes it) it is in the head, read again from memory;
        // last (as actool writes it) the image is read from a file
        byte[] head = Download.head(body, HEAD_BYTES);
        Optional<byte[]> early = AciManifestReader.fromHead(head);
        image = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), body);
        if (early.isPresent()) {
          keyName = parseManifest(early.get(), url).name();
        } else {
          spooled = Download.spool(image, body, records.downloads());
          keyName = manifest(spooled, url).name();
          image = open(spooled);
        }
      }
      VerifiedImport.Outcome o = VerifiedImport.run(store, keys, image, url, d.length(),
          checkSignatures, sig, keyName, (imported, m) -> asked.check(m, imported, url));
      StoredImage s = o.image();
      Optional<FetchRecords.Verification> recorded = o.signature().map(ImageFetch::verification);
      if (recorded.isPresent()) {
        records.verified(s.id(), recorded.get());
      }
      if (!d.noStore()) {
        records.remember(url, s.id(), d.etag(), d.maxAgeSeconds());
      }
      return new Fetched(s, recorded.isPresent() ? recorded : trusted(s), false);
    } finally {
      if (spooled != null) {
        Download.deleteQuietly(spooled);
      }
    }
  }

  private static InputStream open(Path file) throws JaciException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new JaciException(io.jaci.core.io.IoMessages.about(file, e), e);
    }
  }

  private Fetched fetchFile(Path file, Optional<Path> sigFile) throws JaciException {
    ImageManifest m = manifest(file, file.toString());
    Optional<byte[]> sig = Optional.empty();
    if (checkSignatures) {
      Path asc = sigFile.orElse(file.resolveSibling(file.getFileName() + ".asc"));
      if (!Files.isRegularFile(asc)) {
        throw VerifiedImport.unsigned(file.toString(), m.name());
      }
      sig = Optional.of(readSignature(asc));
    }
    VerifiedImport.Outcome o = VerifiedImport.run(store, keys, open(file), file.toString(), -1,
        checkSignatures, sig, m.name(), (imported, manifest) -> { });
    Optional<FetchRecords.Verification> v = o.signature().map(ImageFetch::verification);
    if (v.isPresent()) {
      records.verified(o.image().id(), v.get());
    }
    return new Fetched(o.image(), v.isPresent() ? v : trusted(o.image()), false);
  }

  /** The recorded verification of {@code s}, if its key is still trusted for its name. */
  private Optional<FetchRecords.Verification> trusted(StoredImage s) throws JaciException {
    Optional<FetchRecords.Verification> v = records.verification(s.id());
    if (v.isEmpty()) {
      return v;
    }
    boolean stillTrusted = keys.forImage(s.manifest().name()).stream()
        .anyMatch(k -> k.fingerprint().toString().equals(v.get().keyFingerprint()));
    return stillTrusted ? v : Optional.empty();
  }

  private static FetchRecords.Verification verification(VerifiedSignature v) {
    return new FetchRecords.Verification(v.keyFingerprint().toString(),
        v.prefix().isRoot() ? "root" : v.prefix().toString());
  }

  private static ImageManifest manifest(Path file, String source) throws JaciException {
    return parseManifest(AciManifestReader.read(file), source);
  }

  private static ImageManifest parseManifest(byte[] json, String source) throws JaciException {
    try {
      return ManifestJson.parse(json);
    } catch (InvalidManifestException e) {
      throw new JaciException(source + ": invalid image manifest: " + e.getMessage(), e);
    }
  }

  private static byte[] readSignature(Path asc) throws JaciException {
    try {
      if (Files.size(asc) > SignatureDownload.MAX_BYTES) {
        throw new JaciException(asc + ": the signature is over 1 MiB, refused");
      }
      return Files.readAllBytes(asc);
    } catch (IOException e) {
      throw new JaciException(io.jaci.core.io.IoMessages.about(asc, e), e);
    }
  }

  private static Labels without(Labels labels, String name) {
    List<Label> rest = new java.util.ArrayList<>(labels.asList());
    rest.removeIf(l -> l.name().value().equals(name));
    return Labels.of(rest);
  }
}
