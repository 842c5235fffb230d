package io.jaci.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.registry.Digest;
import io.jaci.core.spec.App;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppcMappingTest {
  private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
      + "redis:x:999:1000::/data:/bin/false\n# comment\nweb:x:33:33::/var/www:/bin/sh\n";
  private static final String GROUP = "root:x:0:\nredis:x:1000:\nstaff:x:50:web\n";

  private static UserFiles users() {
    UserFiles u = new UserFiles();
    u.put(UserFiles.PASSWD, PASSWD.getBytes(StandardCharsets.UTF_8));
    u.put(UserFiles.GROUP, GROUP.getBytes(StandardCharsets.UTF_8));
    return u;
  }

  private static String userGroup(String dockerUser) {
    UserFiles.Resolved r = users().resolve(dockerUser);
    return r.user() + "/" + r.group();
  }

  @Test
  void user_resolvedAgainstPasswdAndGroup() {
    assertThat(userGroup("")).isEqualTo("0/0");
    assertThat(userGroup("redis")).isEqualTo("999/1000"); // the primary group, not "redis"
    assertThat(userGroup("999")).isEqualTo("999/1000");
    assertThat(userGroup("redis:staff")).isEqualTo("999/50");
    assertThat(userGroup("web:0")).isEqualTo("33/0");
    assertThat(userGroup("1234")).isEqualTo("1234/0"); // unknown number: group 0, as Docker
    assertThat(userGroup("1234:4321")).isEqualTo("1234/4321");
  }

  @Test
  void unknownNames_areKeptWithAWarning() {
    UserFiles.Resolved r = users().resolve("ghost:nogroup");
    assertThat(r.user()).isEqualTo("ghost");
    assertThat(r.group()).isEqualTo("nogroup");
    assertThat(r.warnings()).hasSize(2);
    UserFiles.Resolved bare = new UserFiles().resolve("ghost");
    assertThat(bare.group()).isEqualTo("0");
    assertThat(bare.warnings()).anyMatch(w -> w.contains("no primary group"));
  }

  @Test
  void fullConfig_mapsToAValidManifest() throws Exception {
    ImageConfig c = new ImageConfig("linux", "arm", "v7", "redis",
        List.of("PATH=/usr/bin:/bin", "EMPTY=", "BAD NAME=x", "A=b=c"),
        List.of("/entry.sh"), List.of("redis-server", "--port", "6379"), "/data",
        List.of("6379/tcp", "53/udp", "8000-8002", "8080"), List.of("/data", "/var/lib/x y"),
        Map.of("org.opencontainers.image.title", "redis"), "2024-05-06T07:08:09.123456789Z",
        "someone", List.of());
    ImageOrigin origin = new ImageOrigin("127.0.0.1:5000", "library/redis", "7.2");
    AppcMapping mapping = new AppcMapping();
    ImageManifest m = ImageManifest.builder(origin.aciName())
        .labels(mapping.labels(c, origin)).app(mapping.app(c, users()))
        .annotations(mapping.annotations(c, origin, Digest.sha256(new byte[] {1}))).build();
    ImageManifest reread = ManifestJson.parse(ManifestJson.write(m)); // validates
    assertThat(reread.name().value()).isEqualTo("127.0.0.1_5000/library/redis");
    assertThat(reread.labels().get("version")).contains("7.2");
    assertThat(reread.labels().get("os")).contains("linux");
    assertThat(reread.labels().get("arch")).contains("armv7l");
    App app = reread.app().orElseThrow();
    assertThat(app.exec()).containsExactly("/entry.sh", "redis-server", "--port", "6379");
    assertThat(app.user()).isEqualTo("999");
    assertThat(app.group()).isEqualTo("1000");
    assertThat(app.workingDirectory()).isEqualTo("/data");
    assertThat(app.environment()).extracting(e -> e.name() + "=" + e.value())
        .containsExactly("PATH=/usr/bin:/bin", "EMPTY=", "A=b=c");
    assertThat(app.ports()).extracting(p -> p.name().value() + " " + p.protocol() + " "
        + p.port() + "+" + p.count())
        // issue 14: without a protocol, Docker's default tcp is in the name too
        .containsExactly("6379-tcp tcp 6379+1", "53-udp udp 53+1", "8000-8002-tcp tcp 8000+3",
            "8080-tcp tcp 8080+1");
    assertThat(app.mountPoints()).extracting(p -> p.name().value() + " " + p.path())
        .containsExactly("volume-data /data", "volume-var-lib-x-y /var/lib/x y");
    assertThat(app.userLabels()).containsEntry("org.opencontainers.image.title", "redis");
    assertThat(reread.annotations().get("appc.io/docker/registryurl")).contains("127.0.0.1:5000");
    assertThat(reread.annotations().get("appc.io/docker/repository")).contains("library/redis");
    assertThat(reread.annotations().get("appc.io/docker/entrypoint"))
        .contains("[\"/entry.sh\"]");
    assertThat(reread.annotations().get("appc.io/docker/cmd"))
        .contains("[\"redis-server\",\"--port\",\"6379\"]");
    assertThat(reread.annotations().get("appc.io/docker/tag")).contains("7.2");
    assertThat(reread.annotations().get("appc.io/docker/imageid"))
        .contains(Digest.sha256(new byte[] {1}).toString());
    assertThat(reread.annotations().get("created")).contains("2024-05-06T07:08:09.123456789Z");
    assertThat(reread.annotations().get("author")).contains("someone");
    assertThat(mapping.warnings()).anyMatch(w -> w.contains("BAD NAME"));
  }

  @Test
  void architectures_mapToAppcNames() {
    assertThat(AppcMapping.arch("linux", "amd64", "")).isEqualTo("amd64");
    assertThat(AppcMapping.arch("linux", "386", "")).isEqualTo("i386");
    assertThat(AppcMapping.arch("linux", "arm64", "v8")).isEqualTo("aarch64");
    assertThat(AppcMapping.arch("linux", "arm", "v7")).isEqualTo("armv7l");
    assertThat(AppcMapping.arch("linux", "arm", "v6")).isEqualTo("armv6l");
    assertThat(AppcMapping.arch("linux", "ppc64le", "")).isEqualTo("ppc64le");
    assertThat(AppcMapping.arch("linux", "riscv64", "")).isNull();
    // issue 14: read from the one platform table, so what ACI -> OCI writes for aarch64_be
    // (arm64be) comes back, and darwin's amd64 is appc's x86_64
    assertThat(AppcMapping.arch("linux", "arm64be", "")).isEqualTo("aarch64_be");
    assertThat(AppcMapping.arch("darwin", "amd64", "")).isEqualTo("x86_64");
    assertThat(AppcMapping.arch("freebsd", "arm64", "")).isNull();
  }

  @Test
  void archiveReferences_nameTheImage() {
    assertThat(ImageOrigin.ofReference("team/app:v1", "file"))
        .isEqualTo(new ImageOrigin("", "team/app", "v1"));
    assertThat(ImageOrigin.ofReference("127.0.0.1:5000/app:v1", "file").aciName().value())
        .isEqualTo("127.0.0.1_5000/app");
    assertThat(ImageOrigin.ofReference("v1", "mylayout"))
        .isEqualTo(new ImageOrigin("", "mylayout", "v1"));
    assertThat(ImageOrigin.ofReference(null, "image")).isEqualTo(new ImageOrigin("", "image",
        null));
  }
}
