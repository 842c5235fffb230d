package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.HostPlatform;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaci fetch} end to end (issue 13): a key made and a signature made by the real gpg,
 * the key trusted with {@code jaci trust add}, the image found by meta discovery on a server
 * on 127.0.0.1 (plain HTTP with --insecure-options=http: the TLS path is covered by
 * DiscoveryTest with a self-signed certificate). The server is Undertow (jaci serve's), which
 * answers the HTTPS-first attempt's ClientHello at once as real servers do; the JDK's
 * HttpServer never did, so each fetch waited out the 30 s timeout (issue 13: 143 s).
 */
class FetchIT {
  @TempDir Path work;
  Undertow server;
  int port;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  Gpg gpg;
  String platform = HostPlatform.os() + "-" + HostPlatform.arch();

  @BeforeEach
  void start() throws Exception {
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(x -> {
      String path = x.getRequestPath();
      byte[] body = path.equals("/example.com") || path.startsWith("/example.com/")
          && !x.getQueryString().isEmpty()
          ? ("<meta name=\"ac-discovery\" content=\"127.0.0.1/example.com http://127.0.0.1:"
              + port + "/i/{name}-{version}-{os}-{arch}.{ext}\">").getBytes()
          : files.get(path);
      x.setStatusCode(body == null ? 404 : 200);
      x.getResponseSender().send(ByteBuffer.wrap(body == null ? new byte[0] : body));
    }).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    gpg = new Gpg(work.resolve("gnupg"));
  }

  @AfterEach
  void stop() {
    server.stop();
    gpg.close();
  }

  private Path publish(String name, boolean signed, String fingerprint) throws Exception {
    Path aci = work.resolve(name + ".aci");
    new TestAci(1_600_000_000L).dir("rootfs", 0755).file("rootfs/hello", 0644, 0, 0,
        "hello from " + name + "\n").write(aci, "{\"acKind\":\"ImageManifest\","
            + "\"acVersion\":\"0.8.11\",\"name\":\"127.0.0.1/example.com/" + name + "\","
            + "\"labels\":[{\"name\":\"version\",\"value\":\"1.0.0\"},{\"name\":\"os\","
            + "\"value\":\"" + HostPlatform.os() + "\"},{\"name\":\"arch\",\"value\":\""
            + HostPlatform.arch() + "\"}]}");
    String path = "/i/127.0.0.1/example.com/" + name + "-1.0.0-" + platform + ".aci";
    files.put(path, Files.readAllBytes(aci));
    if (signed) {
      gpg.ok(work, "--local-user", fingerprint, "--armor", "--detach-sign", aci.toString());
      files.put(path + ".asc", Files.readAllBytes(work.resolve(name + ".aci.asc")));
    }
    return aci;
  }

  String user = "root";

  /** jaci as {@link #user} (root or nobody) with its own keystore under the work directory. */
  private ProcessRun jaci(Object... args) {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME",
        work.resolve("config-" + user).toString());
    if (user.equals("nobody")) {
      return ProcessRun.run(work, env, AsNobody.jaci(args));
    }
    return JaciJar.run(work, env, args);
  }

  private String name(String image) {
    return "127.0.0.1:" + port + "/example.com/" + image + ":1.0.0";
  }

  @Test
  void asNobody_aGpgSignedImage_isDiscoveredVerifiedAndStored() throws Exception {
    AsNobody.requireRoot("fetching as nobody needs root to switch users");
    ProcessRun.run(work.getParent(), ExternalTool.require("chmod").toString(), "777",
        work.toString()).assertSuccess();
    user = "nobody";
    aGpgSignedImage_isDiscoveredVerifiedAndStored_anUnsignedOneRefused();
  }

  @Test
  void aGpgSignedImage_isDiscoveredVerifiedAndStored_anUnsignedOneRefused() throws Exception {
    String fpr = gpg.generate("Fetch Test <fetch@example.com>", "ed25519", "sign", "never", "",
        null).get(0);
    Path key = work.resolve("key.asc");
    gpg.ok(work, "--armor", "--output", key.toString(), "--export", fpr);
    jaci("trust", "add", "--prefix", "127.0.0.1/example.com", "--yes", key).assertSuccess();
    publish("hello", true, fpr);
    publish("plain", false, fpr);
    Path store = work.resolve("store-" + user);

    ProcessRun ok = jaci("fetch", "--store", store, "--insecure-options=http", name("hello"))
        .assertSuccess();
    assertThat(ok.out().trim()).matches("sha512-[0-9a-f]{128}");
    assertThat(jaci("image", "list", "--store", store).assertSuccess().out())
        .contains("127.0.0.1/example.com/hello");

    ProcessRun unsigned = jaci("fetch", "--store", store, "--insecure-options=http",
        name("plain"));
    assertThat(unsigned.exit()).isEqualTo(1);
    assertThat(unsigned.stderr().trim().split("\n")).singleElement().asString()
        .contains("not signed", "jaci trust add --prefix 127.0.0.1/example.com/plain",
            "--insecure-options=image");
    assertThat(jaci("image", "list", "--store", store).out()).doesNotContain("plain");

    // a local .aci with its .asc beside it
    Path other = work.resolve("store2-" + user);
    ProcessRun local = jaci("fetch", "--store", other, work.resolve("hello.aci"))
        .assertSuccess();
    assertThat(local.out().trim()).isEqualTo(ok.out().trim());
    ProcessRun noAsc = jaci("fetch", "--store", other, work.resolve("plain.aci"));
    assertThat(noAsc.exit()).isEqualTo(1);
    assertThat(List.of(noAsc.stderr().trim().split("\n"))).hasSize(1);
  }
}
