package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.HostPlatform;
import io.jaci.core.store.ImageStore;
import io.jaci.core.trust.KeyPrefix;
import io.jaci.core.trust.KeystoreDirs;
import io.jaci.core.trust.TestSigner;
import io.jaci.core.trust.TrustedKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jaci fetch's core against a real server on 127.0.0.1 (plain HTTP with
 * --insecure-options=http; TLS is covered by DiscoveryTest): signatures, the name/label check
 * (rkt#776), caching, resumed and truncated downloads, dependencies (issue 13).
 */
class FetchTest {
  @TempDir Path tmp;
  LocalServer server;
  ImageStore store;
  TrustedKeys keys;
  TestSigner signer = new TestSigner();
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final Map<String, String> etags = new ConcurrentHashMap<>();
  String cacheControl;
  int ascAccepted;
  int truncateFirst;

  @BeforeEach
  void start() throws Exception {
    server = LocalServer.http();
    server.text("/example.com", 200, "<meta name=\"ac-discovery\" content=\"127.0.0.1/example.com"
        + " http://127.0.0.1:" + server.port() + "/i/{name}-{version}-{os}-{arch}.{ext}\">");
    server.on("/i/", this::serveFile);
    store = ImageStore.open(tmp.resolve("store"));
    KeystoreDirs dirs = new KeystoreDirs(tmp.resolve("keys"), tmp.resolve("system-keys"));
    TrustedKeys.load(dirs).add(signer.publicKey(), KeyPrefix.of("127.0.0.1/example.com"),
        KeystoreDirs.Level.USER);
    keys = TrustedKeys.load(dirs);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private void serveFile(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    byte[] body = files.get(path);
    if (path.endsWith(".asc") && body != null && ascAccepted > 0) {
      ascAccepted--;
      LocalServer.send(x, 202, new byte[0]);
      return;
    }
    if (body == null) {
      LocalServer.send(x, 404, new byte[0]);
      return;
    }
    String etag = etags.get(path);
    if (etag != null) {
      x.getResponseHeaders().set("ETag", etag);
      if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
        x.sendResponseHeaders(304, -1);
        x.close();
        return;
      }
    }
    if (cacheControl != null) {
      x.getResponseHeaders().set("Cache-Control", cacheControl);
    }
    String range = x.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=")) {
      int from = Integer.parseInt(range.substring(6, range.length() - 1));
      x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1)
          + "/" + body.length);
      x.sendResponseHeaders(206, body.length - from);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body, from, body.length - from);
      }
      return;
    }
    if (path.endsWith(".aci") && truncateFirst > 0) {
      truncateFirst--;
      x.sendResponseHeaders(200, body.length);
      OutputStream out = x.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
      x.getHttpContext().getServer(); // keep the exchange open, then drop the connection
      x.close();
      return;
    }
    LocalServer.send(x, 200, body);
  }

  /** Publishes an ACI (signed unless {@code signed} is false) as NAME-VERSION-OS-ARCH.aci. */
  private Path publish(String urlName, String manifestName, String version, boolean signed,
      String dependencies) throws Exception {
    Path layout = Files.createTempDirectory(tmp, "layout");
    Files.createDirectories(layout.resolve("rootfs"));
    Files.writeString(layout.resolve("rootfs/" + version), manifestName);
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"" + manifestName + "\",\"labels\":["
        + "{\"name\":\"version\",\"value\":\"" + version + "\"},"
        + "{\"name\":\"os\",\"value\":\"" + HostPlatform.os() + "\"},"
        + "{\"name\":\"arch\",\"value\":\"" + HostPlatform.arch() + "\"}]"
        + (dependencies == null ? "" : ",\"dependencies\":" + dependencies) + "}");
    Path aci = tmp.resolve(urlName.replace('/', '_') + "-" + version + ".aci");
    AciBuilder.fromLayout(layout).overwrite(true).sourceDateEpoch(0L).build(aci);
    byte[] bytes = Files.readAllBytes(aci);
    String path = "/i/" + urlName + "-" + version + "-" + HostPlatform.os() + "-"
        + HostPlatform.arch();
    files.put(path + ".aci", bytes);
    if (signed) {
      files.put(path + ".aci.asc", signer.sign(bytes));
    }
    return aci;
  }

  private ImageFetch fetcher(PullPolicy policy, InsecureOptions... more) throws Exception {
    Set<InsecureOptions> insecure = EnumSet.of(InsecureOptions.HTTP, more);
    return new ImageFetch(store, keys, new ImageFetch.Options(Duration.ofMillis(1500), insecure,
        policy, 1 << 24, Duration.ofMillis(50), AuthFiles.none()));
  }

  private String name(String rest) {
    return "127.0.0.1:" + server.port() + "/example.com/" + rest;
  }

  private int hitsOf(String suffix) {
    return hits.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  private void assertStoreEmpty() throws Exception {
    assertThat(store.list()).isEmpty();
    try (Stream<Path> s = Files.list(tmp.resolve("store/tmp"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void aSignedImage_isFetchedVerifiedAndRecorded_thenServedFromTheStore() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    ImageFetch.Fetched f = fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty());
    assertThat(f.fromStore()).isFalse();
    assertThat(f.verification()).get().extracting(v -> v.prefix())
        .isEqualTo("127.0.0.1/example.com");
    assertThat(store.fetchRecords().verification(f.image().id())).isEqualTo(f.verification());

    ImageFetch.Fetched again = fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"),
        Optional.empty());
    assertThat(again.fromStore()).isTrue();
    assertThat(hitsOf(".aci")).isEqualTo(1);
    ImageFetch.Fetched never = fetcher(PullPolicy.NEVER).fetch(name("app:1.0.0"),
        Optional.empty());
    assertThat(never.image()).isEqualTo(f.image());
  }

  @Test
  void update_sendsTheEtag_and304ReusesTheImage() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    etags.put("/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci", "\"v1\"");
    ImageFetch.Fetched f = fetcher(PullPolicy.UPDATE).fetch(name("app:1.0.0"), Optional.empty());
    ImageFetch.Fetched g = fetcher(PullPolicy.UPDATE).fetch(name("app:1.0.0"), Optional.empty());
    assertThat(hitsOf(".aci")).isEqualTo(2);
    assertThat(g.fromStore()).isTrue();
    assertThat(g.image()).isEqualTo(f.image());
    assertThat(g.verification()).isPresent();
  }

  /**
   * Issue 13, item 2: {@code --pull-policy update} asks the server every time (with
   * If-None-Match), even while max-age says the stored copy is fresh; a 304 reuses it.
   */
  @Test
  void update_asksTheServerEvenWhileMaxAgeSaysFresh_304Reuses_item2() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    String aci = "/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci";
    etags.put(aci, "\"v1\"");
    cacheControl = "public, max-age=3600";
    ImageFetch.Fetched first = fetcher(PullPolicy.UPDATE).fetch(name("app:1.0.0"),
        Optional.empty());
    ImageFetch.Fetched byName = fetcher(PullPolicy.UPDATE).fetch(name("app:1.0.0"),
        Optional.empty());
    ImageFetch.Fetched byUrl = fetcher(PullPolicy.UPDATE).fetch(server.base() + aci,
        Optional.empty());
    assertThat(hits.get(aci).get()).isEqualTo(3);
    assertThat(List.of(byName, byUrl)).allSatisfy(f -> {
      assertThat(f.fromStore()).isTrue();
      assertThat(f.image()).isEqualTo(first.image());
      assertThat(f.verification()).isPresent();
    });
  }

  /** {@code new} uses the store's match: by name any, by URL while max-age says fresh. */
  @Test
  void new_usesTheStore_byUrlWhileMaxAgeSaysFresh_noCacheAsks() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    String aci = "/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci";
    cacheControl = "no-cache";
    fetcher(PullPolicy.NEW).fetch(server.base() + aci, Optional.empty());
    fetcher(PullPolicy.NEW).fetch(server.base() + aci, Optional.empty());
    assertThat(hitsOf(".aci")).isEqualTo(2);
    cacheControl = "public, max-age=3600";
    fetcher(PullPolicy.NEW).fetch(server.base() + aci, Optional.empty());
    fetcher(PullPolicy.NEW).fetch(server.base() + aci, Optional.empty());
    fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty());
    assertThat(hitsOf(".aci")).isEqualTo(3);
  }

  @Test
  @DisplayName("issue 13 review: an unsigned image is refused in one line naming all ways out")
  void unsigned_isRefusedWithTheWaysOut_discoveryAKeyFileAndInsecure_andNothingIsStored()
      throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", false, null);
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("not signed")
        .hasMessageContaining("'jaci trust add --prefix 127.0.0.1/example.com/app' (discovers")
        .hasMessageContaining("'jaci trust add --prefix 127.0.0.1/example.com/app KEY.asc'")
        .hasMessageContaining("--insecure-options=image")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(400));
    assertStoreEmpty();
  }

  @Test
  void anImageTakenWithInsecureImage_isNotVerifiedOnALaterCacheHit() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", false, null);
    ImageFetch.Fetched f = fetcher(PullPolicy.NEW, InsecureOptions.IMAGE)
        .fetch(name("app:1.0.0"), Optional.empty());
    assertThat(f.verification()).isEmpty();
    assertThat(store.fetchRecords().verification(f.image().id())).isEmpty();
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("not signed");
    assertThatThrownBy(() -> fetcher(PullPolicy.NEVER).fetch(name("app:1.0.0"),
        Optional.empty())).hasMessageContaining("no verified image in the store");
  }

  @Test
  void aSignatureByAnUntrustedKey_isRefused() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    String asc = "/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci.asc";
    files.put(asc, new TestSigner().sign(files.get(asc.substring(0, asc.length() - 4))));
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("which is not trusted for 127.0.0.1/example.com/app")
        .hasMessageContaining("'jaci trust add --prefix 127.0.0.1/example.com/app' (discovers")
        .hasMessageContaining("'jaci trust add --prefix 127.0.0.1/example.com/app KEY.asc'")
        .hasMessageContaining("--insecure-options=image")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(500));
    assertStoreEmpty();
  }

  @Test
  void aSignatureAnswered202_isRetried_notReadAsUnsigned() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    ascAccepted = 2;
    assertThat(fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty())
        .verification()).isPresent();
    assertThat(hitsOf(".aci.asc")).isEqualTo(3);
  }

  /**
   * Issue 13, item 3: the signature is checked on the bytes as the import reads them, once;
   * bytes after the end of the compressed tar still count (the import does not read them),
   * so an image with bytes appended after it was signed is refused, and nothing is stored.
   */
  @Test
  void bytesAppendedAfterSigning_areCheckedToo_andTheImageIsRefused_item3() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    String aci = "/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci";
    byte[] signed = files.get(aci);
    byte[] longer = java.util.Arrays.copyOf(signed, signed.length + 4096);
    files.put(aci, longer);
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("does not match the image");
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(server.base() + aci,
        Optional.empty())).hasMessageContaining("does not match the image");
    assertStoreEmpty();
  }

  /**
   * Issue 13, item 3: by URL the keys follow from the manifest; actool writes it last, past
   * the head jaci looks into, so the image is read from a file first: still verified.
   */
  @Test
  void byUrl_anImageWithItsManifestLast_asActoolWritesIt_isVerified() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new java.util.zip.GZIPOutputStream(bytes))) {
      byte[] big = new byte[3 << 20];
      new java.util.Random(1).nextBytes(big);
      org.apache.commons.compress.archivers.tar.TarArchiveEntry dir =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry("rootfs/");
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      for (String[] e : new String[][] {{"rootfs/big", null}, {"manifest", "m"}}) {
        byte[] body = e[1] == null ? big : ("{\"acKind\":\"ImageManifest\",\"acVersion\":"
            + "\"0.8.11\",\"name\":\"127.0.0.1/example.com/last\"}").getBytes();
        org.apache.commons.compress.archivers.tar.TarArchiveEntry f =
            new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e[0]);
        f.setSize(body.length);
        tar.putArchiveEntry(f);
        tar.write(body);
        tar.closeArchiveEntry();
      }
    }
    files.put("/i/last.aci", bytes.toByteArray());
    files.put("/i/last.aci.asc", signer.sign(bytes.toByteArray()));
    ImageFetch.Fetched f = fetcher(PullPolicy.NEW).fetch(server.base() + "/i/last.aci",
        Optional.empty());
    assertThat(f.image().manifest().name().value()).isEqualTo("127.0.0.1/example.com/last");
    assertThat(f.verification()).isPresent();
    try (Stream<Path> s = Files.list(tmp.resolve("store/tmp"))) {
      assertThat(s).isEmpty(); // the file read from is gone
    }
  }

  @Test
  void aSignatureStill202AfterTheRetries_isAnErrorSayingSo_neverUnsigned() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    ascAccepted = 1000;
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("still making the signature")
        .hasMessageContaining("try again later")
        .hasMessageNotContaining("not signed");
    assertThat(hitsOf(".aci.asc")).isEqualTo(SignatureDownload.TRIES);
    assertStoreEmpty();
  }

  @Test
  void anotherName_isRefused_rkt776() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/evil", "1.0.0", true, null);
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("is named 127.0.0.1/example.com/evil, not"
            + " 127.0.0.1/example.com/app as asked");
    assertStoreEmpty();
  }

  @Test
  void anotherLabel_isRefused_rkt776() throws Exception {
    Path aci = publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true,
        null);
    String path = "/i/127.0.0.1/example.com/app-2.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci";
    byte[] bytes = Files.readAllBytes(aci);
    files.put(path, bytes);
    files.put(path + ".asc", signer.sign(bytes));
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:2.0.0"), Optional.empty()))
        .hasMessageContaining("has version=1.0.0, not version=2.0.0 as asked");
    assertStoreEmpty();
  }

  @Test
  void aBrokenDownload_isResumedWithRange() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    truncateFirst = 1;
    assertThat(fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty())
        .verification()).isPresent();
    assertThat(hitsOf(".aci")).isEqualTo(2);
  }

  @Test
  void aDownloadThatBreaksTwice_isRefused_andNothingIsStored() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true, null);
    server.on("/i/127.0.0.1/example.com/app-1.0.0-", x -> {
      x.sendResponseHeaders(200, 100_000);
      x.getResponseBody().write(new byte[10]);
      x.close();
    });
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("127.0.0.1/example.com/app-1.0.0-");
    assertStoreEmpty();
  }

  @Test
  void http500_andMissingImage_areOneLine() throws Exception {
    server.text("/i/127.0.0.1/example.com/app-1.0.0-" + HostPlatform.os() + "-"
        + HostPlatform.arch() + ".aci", 500, "no");
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageEndingWith(".aci: HTTP 500").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:3.0.0"), Optional.empty()))
        .hasMessageContaining("HTTP 404 (no such image there)");
    assertStoreEmpty();
  }

  @Test
  void dependencies_areFetchedAndVerifiedToo() throws Exception {
    publish("127.0.0.1/example.com/base", "127.0.0.1/example.com/base", "1.0.0", true, null);
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true,
        "[{\"imageName\":\"127.0.0.1/example.com/base\",\"labels\":[{\"name\":\"version\","
            + "\"value\":\"1.0.0\"}]}]");
    // the dependency is named without a port: discovery reaches it on the default port, so
    // give this test's server the discovery of the dependency through a name with the port
    ImageFetch f = fetcher(PullPolicy.NEW);
    f.fetch(name("base:1.0.0"), Optional.empty());
    f.fetch(name("app:1.0.0"), Optional.empty());
    assertThat(store.list()).extracting(i -> i.manifest().name().value())
        .containsExactlyInAnyOrder("127.0.0.1/example.com/base", "127.0.0.1/example.com/app");
  }

  /**
   * A fetcher whose HTTP goes through this test's server as a proxy, so that a dependency,
   * whose name cannot carry the server's port, is discovered (on port 80, through the proxy)
   * and downloaded from it too.
   */
  private ImageFetch proxiedFetcher() throws Exception {
    ImageFetch.Options o = new ImageFetch.Options(Duration.ofMillis(1500),
        EnumSet.of(InsecureOptions.HTTP), PullPolicy.NEW, 1 << 24, Duration.ofMillis(50),
        AuthFiles.none());
    return new ImageFetch(store, keys, o, new Http(o.timeout(), o.insecure(), o.credentials(),
        Map.of("http_proxy", "127.0.0.1:" + server.port())));
  }

  private static String dependencyOnBase(String imageId) {
    return "[{\"imageName\":\"127.0.0.1/example.com/base\","
        + (imageId == null ? "" : "\"imageID\":\"" + imageId + "\",")
        + "\"labels\":[{\"name\":\"version\",\"value\":\"1.0.0\"}]}]";
  }

  /** The ID of the ACI at {@code aci}, as a store other than the test's finds it. */
  private ImageId idOf(Path aci) throws Exception {
    try (ImageStore other = ImageStore.open(tmp.resolve("other-store"))) {
      return other.importAci(aci, ProgressListener.NONE).id();
    }
  }

  @Test
  void aDependencyNotInTheStore_isDiscoveredFetchedAndVerified_withTheIdItRequires()
      throws Exception {
    ImageId baseId = idOf(publish("127.0.0.1/example.com/base", "127.0.0.1/example.com/base",
        "1.0.0", true, null));
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true,
        dependencyOnBase(baseId.toString()));
    proxiedFetcher().fetch(name("app:1.0.0"), Optional.empty());
    assertThat(store.get(baseId)).isPresent();
    assertThat(hitsOf("base-1.0.0-" + HostPlatform.os() + "-" + HostPlatform.arch() + ".aci"))
        .isEqualTo(1);
    assertThat(store.list()).hasSize(2);
  }

  @Test
  void aDependencyWithAnotherIdThanTheDependingImageRequires_isRefused_rkt776()
      throws Exception {
    publish("127.0.0.1/example.com/base", "127.0.0.1/example.com/base", "1.0.0", true, null);
    String required = "sha512-" + "0".repeat(128);
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true,
        dependencyOnBase(required));
    assertThatThrownBy(() -> proxiedFetcher().fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageContaining("not " + required + " as the depending image requires")
        .hasMessageNotContaining("\n");
    // the served base was downloaded and refused before it entered the store
    assertThat(hitsOf("base-1.0.0-" + HostPlatform.os() + "-" + HostPlatform.arch() + ".aci"))
        .isEqualTo(1);
    assertThat(store.list()).extracting(i -> i.manifest().name().value())
        .containsExactly("127.0.0.1/example.com/app");
  }

  @Test
  void aMissingDependency_failsNamingIt() throws Exception {
    publish("127.0.0.1/example.com/app", "127.0.0.1/example.com/app", "1.0.0", true,
        "[{\"imageName\":\"127.0.0.1/example.com/nothere\"}]");
    assertThatThrownBy(() -> fetcher(PullPolicy.NEW).fetch(name("app:1.0.0"), Optional.empty()))
        .hasMessageStartingWith("dependency 127.0.0.1/example.com/nothere");
    assertThat(List.copyOf(store.list())).hasSize(1); // the image itself stays, verified
  }
}
