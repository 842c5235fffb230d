package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.registry.Credentials;
import io.jaci.core.registry.Digest;
import io.jaci.core.registry.ImageReference;
import io.jaci.core.registry.RegistryClient;
import io.jaci.core.registry.RegistryManifest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against Debian's real docker-registry on 127.0.0.1 (anonymous, htpasswd
 * and token authentication), cross-checked with skopeo.
 */
class RegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ACCEPT = List.of(TestOciImage.MANIFEST_TYPE);

  @TempDir
  Path tmp;

  private static RegistryClient insecure() {
    return RegistryClient.builder().insecure(true).dockerConfig(Path.of("/nonexistent"))
        .timeout(Duration.ofSeconds(20)).build();
  }

  private static RegistryClient insecure(Credentials creds) {
    return RegistryClient.builder().insecure(true).credentials(creds)
        .timeout(Duration.ofSeconds(20)).build();
  }

  /** Pushes {@code image}'s blobs and manifest to {@code target}; returns the manifest digest. */
  private static Digest push(RegistryClient client, ImageReference target, TestOciImage image)
      throws JaciException {
    // the config with its size, the layer as of unknown size (the streamed PATCH path)
    client.pushBlob(target, image.configDigest(), image.config().length,
        new ByteArrayInputStream(image.config()));
    client.pushBlob(target, image.layerDigest(), -1, new ByteArrayInputStream(image.layer()));
    return client.putManifest(target, TestOciImage.MANIFEST_TYPE, image.manifest());
  }

  private static byte[] read(RegistryClient client, ImageReference repo, Digest d, long size)
      throws Exception {
    try (InputStream in = client.blob(repo, d, size)) {
      return in.readAllBytes();
    }
  }

  @Test
  void pushThenPull_roundTrip_acceptedBySkopeo() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    TestOciImage image = TestOciImage.create(1);
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      RegistryClient client = insecure();
      ImageReference ref = ImageReference.parse("docker://" + registry.host() + "/team/app:v1");
      Digest digest = push(client, ref, image);
      assertThat(digest).isEqualTo(Digest.sha256(image.manifest()));

      ProcessRun inspect = ProcessRun.run(tmp, skopeo, "inspect", "--tls-verify=false",
          ref.toString()).assertSuccess();
      assertThat(JSON.readTree(inspect.stdout()).path("Digest").asText())
          .isEqualTo(digest.toString());
      ProcessRun.run(tmp, skopeo, "copy", "--src-tls-verify=false", ref.toString(),
          "oci:" + tmp.resolve("copied") + ":v1").assertSuccess(); // fetches and checks blobs

      RegistryManifest byTag = client.manifest(ref, ACCEPT);
      assertThat(byTag.bytes()).isEqualTo(image.manifest());
      assertThat(byTag.mediaType()).isEqualTo(TestOciImage.MANIFEST_TYPE);
      assertThat(byTag.digest()).isEqualTo(digest);
      assertThat(client.manifest(ref.withDigest(digest), ACCEPT).bytes())
          .isEqualTo(image.manifest());
      assertThat(read(client, ref, image.layerDigest(), image.layer().length))
          .isEqualTo(image.layer());
      assertThat(read(client, ref, image.configDigest(), -1)).isEqualTo(image.config());
      assertThat(client.blobExists(ref, image.layerDigest())).isTrue();
      assertThat(client.blobExists(ref, Digest.sha256(new byte[] {1}))).isFalse();
      assertThat(client.tags(ref)).containsExactly("v1");
    }
  }

  /** What a test does with an anonymous registry that holds {@code image} at {@code ref}. */
  private interface WithPushedImage {
    void run(LocalRegistry registry, RegistryClient client, ImageReference ref,
        TestOciImage image) throws Exception;
  }

  private void withPushedImage(int seed, String repositoryAndTag, WithPushedImage test)
      throws Exception {
    TestOciImage image = TestOciImage.create(seed);
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      RegistryClient client = insecure();
      ImageReference ref =
          ImageReference.parse("docker://" + registry.host() + "/" + repositoryAndTag);
      push(client, ref, image);
      test.run(registry, client, ref, image);
    }
  }

  @Test
  void mount_acrossRepositories_andDeclinedForAnAbsentBlob() throws Exception {
    withPushedImage(2, "src:1", (registry, client, source, image) -> {
      ImageReference target = source.inRepository("dst");
      assertThat(client.blobExists(target, image.layerDigest())).isFalse();
      assertThat(client.mountBlob(target, "src", image.layerDigest())).isTrue();
      assertThat(client.blobExists(target, image.layerDigest())).isTrue();
      assertThat(read(client, target, image.layerDigest(), image.layer().length))
          .isEqualTo(image.layer());
      Digest absent = Digest.sha256("absent".getBytes());
      assertThat(client.mountBlob(target, "src", absent)).isFalse();
      assertThat(client.blobExists(target, absent)).isFalse();
    });
  }

  @Test
  void errors_missingTag_missingBlob_wrongContent_tlsToPlainHttp() throws Exception {
    withPushedImage(3, "app:v1", (registry, client, ref, image) -> {
      assertThatThrownBy(() -> client.manifest(ref.withTag("nope"), ACCEPT))
          .isInstanceOf(JaciException.class)
          .hasMessage(ref.withTag("nope") + ": no tag \"nope\" in " + ref.repositoryUrl());
      assertThatThrownBy(() -> client.manifest(ref.inRepository("other"), ACCEPT))
          .hasMessage(ref.inRepository("other") + ": no tag \"latest\" in "
              + ref.inRepository("other").repositoryUrl());
      Digest absent = Digest.sha256("absent".getBytes());
      assertThatThrownBy(() -> client.blob(ref, absent))
          .hasMessage(ref.repositoryUrl() + ": blob " + absent + " not found in the registry");
      // content that does not match the digest is refused before the registry keeps it
      assertThatThrownBy(() -> client.pushBlob(ref, absent, image.layer().length,
          new ByteArrayInputStream(image.layer())))
          .hasMessageStartingWith(ref.repositoryUrl() + ": pushing blob " + absent
              + " does not match its digest");
      assertThat(client.blobExists(ref, absent)).isFalse();
      RegistryClient https = RegistryClient.builder().timeout(Duration.ofSeconds(20)).build();
      assertThatThrownBy(() -> https.manifest(ref, ACCEPT))
          .hasMessageStartingWith(ref + ": TLS with " + registry.host() + " failed (")
          .hasMessageEndingWith("a registry that speaks plain HTTP needs --insecure");
    });
  }

  @Test
  void skopeoPushes_jaciPullsTheSameBytes() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    TestOciImage image = TestOciImage.create(4);
    Path layout = image.writeLayout(tmp.resolve("layout"), "t1");
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      ImageReference ref = ImageReference.parse("docker://" + registry.host() + "/pushed:t1");
      ProcessRun.run(tmp, skopeo, "copy", "--dest-tls-verify=false", "oci:" + layout + ":t1",
          ref.toString()).assertSuccess();
      RegistryClient client = insecure();
      RegistryManifest m = client.manifest(ref, List.of(TestOciImage.MANIFEST_TYPE,
          "application/vnd.docker.distribution.manifest.v2+json"));
      JsonNode json = JSON.readTree(m.bytes());
      Digest layer = Digest.parse(json.path("layers").path(0).path("digest").asText());
      assertThat(layer).isEqualTo(image.layerDigest());
      assertThat(read(client, ref, layer, json.path("layers").path(0).path("size").asLong()))
          .isEqualTo(image.layer());
      assertThat(read(client, ref, Digest.parse(json.path("config").path("digest").asText()),
          -1)).isEqualTo(image.config());
    }
  }

  @Test
  void htpasswd_basicAuth_fromCredsOrDockerConfig() throws Exception {
    String htpasswd = ExternalTool.require("htpasswd").toString();
    Path users = tmp.resolve("htpasswd");
    Files.write(users, ProcessRun.run(tmp, htpasswd, "-Bbn", "alice", "s3cret:x")
        .assertSuccess().stdout());
    TestOciImage image = TestOciImage.create(5);
    String auth = "auth:\n  htpasswd:\n    realm: jaci-test\n    path: " + users + "\n";
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), auth)) {
      ImageReference ref = ImageReference.parse("docker://" + registry.host() + "/private:1");
      push(insecure(Credentials.parse("alice:s3cret:x")), ref, image);

      Path config = tmp.resolve("docker/config.json");
      Files.createDirectories(config.getParent());
      Files.writeString(config, "{\"auths\":{\"http://" + registry.host() + "\":{\"auth\":\""
          + java.util.Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes()) + "\"}}}");
      RegistryClient fromConfig = RegistryClient.builder().insecure(true).dockerConfig(config)
          .build();
      assertThat(fromConfig.manifest(ref, ACCEPT).bytes()).isEqualTo(image.manifest());

      assertThatThrownBy(() -> insecure().manifest(ref, ACCEPT))
          .hasMessage(ref + ": the registry needs credentials: pass --creds USER:PASSWORD or"
              + " add them for " + registry.host() + " to ~/.docker/config.json");
      assertThatThrownBy(() -> insecure(Credentials.parse("alice:wrong")).manifest(ref, ACCEPT))
          .hasMessage(ref + ": the registry refused the credentials of user \"alice\" (wrong"
              + " password, or no access to this repository)");
    }
  }

  @Test
  void tokenAuth_parallelPushesAndPulls_reuseTokensPerScope() throws Exception {
    try (TokenServer tokens = TokenServer.start(tmp, "bob", "pw")) {
      Path bundle = tokens.writeRootBundle(tmp.resolve("root.pem"));
      try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"),
          tokens.registryAuthYaml(bundle))) {
        RegistryClient client = insecure(Credentials.parse("bob:pw"));
        ImageReference ref = ImageReference.parse("docker://" + registry.host() + "/tok/app:1");
        List<TestOciImage> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          images.add(TestOciImage.create(10 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
          List<Future<Digest>> pushes = new ArrayList<>();
          for (TestOciImage image : images) {
            pushes.add(pool.submit(() -> push(client, ref.withTag("t" + images.indexOf(image)),
                image)));
          }
          for (Future<Digest> f : pushes) {
            f.get();
          }
          List<Future<byte[]>> pulls = new ArrayList<>();
          for (TestOciImage image : images) {
            pulls.add(pool.submit(() -> read(client, ref, image.layerDigest(), -1)));
          }
          for (int i = 0; i < images.size(); i++) {
            assertThat(pulls.get(i).get()).isEqualTo(images.get(i).layer());
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(client.manifest(ref.withTag("t0"), ACCEPT).bytes())
            .isEqualTo(images.get(0).manifest());
        // one token for push, one for pull, however many threads asked at once
        assertThat(tokens.tokensIssued()).isEqualTo(2);
        assertThat(tokens.scopesAsked()).containsOnly("repository:tok/app:pull,push",
            "repository:tok/app:pull");

        ImageReference other = ref.inRepository("tok/copy");
        assertThat(client.mountBlob(other, "tok/app", images.get(0).layerDigest())).isTrue();
        assertThat(tokens.scopesAsked()).endsWith("repository:tok/copy:pull,push",
            "repository:tok/app:pull");

        assertThatThrownBy(() -> insecure(Credentials.parse("bob:wrong")).manifest(ref, ACCEPT))
            .hasMessage(ref + ": token server 127.0.0.1: the registry refused the credentials"
                + " of user \"bob\" (wrong password, or no access to this repository)");
      }
    }
  }
}
