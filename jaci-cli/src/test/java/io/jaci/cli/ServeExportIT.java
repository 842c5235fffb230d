package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, growing past one machine: Debian's nginx serving the tree {@code jaci serve
 * --export} wrote answers discovery (the reference actool) and every download with the same
 * bytes as {@code jaci serve} of the same store.
 */
class ServeExportIT {
  private static final String NAME = ServeIT.NAME;

  @TempDir
  Path tmp;

  @Test
  void nginxServingTheExport_answersLikeJaciServe_byteForByte() throws Exception {
    String nginx = ExternalTool.require("nginx").toString();
    String actool = ExternalTool.require("actool").toString();
    Path store = tmp.resolve("store");
    Path v1 = ServedImages.aci(tmp.resolve("v1.aci"),
        ServedImages.manifest(NAME, "1.0.0", "", ""), 5000, 1);
    Path v2 = ServedImages.aci(tmp.resolve("v2.aci"),
        ServedImages.manifest(NAME, "2.0.0", "", ""), 5000, 2);
    String id1 = JaciJar.run(tmp, "--store", store, "image", "import", v1).assertSuccess()
        .out().trim();
    String id2 = JaciJar.run(tmp, "--store", store, "image", "import", v2).assertSuccess()
        .out().trim();
    Path keys = Files.writeString(tmp.resolve("pubkeys.gpg"), "-----BEGIN PGP PUBLIC KEY"
        + " BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n");
    int nginxPort = ServedImages.freePort();
    String base = "http://127.0.0.1:" + nginxPort;
    Path export = tmp.resolve("export");
    JaciJar.run(tmp, "--store", store, "serve", "--export", export, "--base-url", base,
        "--pubkeys", keys).assertSuccess();

    Path conf = Files.writeString(tmp.resolve("nginx.conf"), "daemon off; master_process off;\n"
        + "pid " + tmp.resolve("nginx.pid") + "; error_log " + tmp.resolve("error.log") + ";\n"
        + "events { worker_connections 64; }\n"
        + "http { access_log off; sendfile on; default_type application/octet-stream;\n"
        + " types { text/html html; application/json json; }\n"
        + " client_body_temp_path " + tmp + "; proxy_temp_path " + tmp + ";"
        + " fastcgi_temp_path " + tmp + "; uwsgi_temp_path " + tmp + "; scgi_temp_path "
        + tmp + ";\n"
        + " server { listen 127.0.0.1:" + nginxPort + "; root " + export + ";\n"
        + "  location / { try_files $uri $uri/index.html =404; } } }\n");
    Process server = new ProcessBuilder(nginx, "-c", conf.toString(), "-p", tmp.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
    try (ServedImages.Server jaci = ServedImages.Server.start(tmp, store,
        ServedImages.freePort(), "--base-url", base, "--pubkeys", keys.toString())) {
      waitForPort(nginxPort, server);
      ProcessRun discovered = ProcessRun.run(tmp, actool, "discover", "--insecure", "--port",
          String.valueOf(nginxPort), NAME);
      assertThat(discovered.out()).as(discovered.describe())
          .contains("ACI: " + base + "/images/" + NAME + "/latest-linux-amd64.aci");
      List<String> paths = new ArrayList<>(List.of("/", "/example.com/app?ac-discovery=1",
          "/pubkeys.gpg"));
      for (String id : List.of(id1, id2)) {
        paths.add("/images/by-id/" + id + ".aci");
        paths.add("/images/by-id/" + id + ".manifest.json");
      }
      for (String version : List.of("1.0.0", "2.0.0", "latest")) {
        paths.add("/images/" + NAME + "/" + version + "-linux-amd64.aci");
      }
      for (String path : paths) {
        var fromNginx = ServeIT.get(base + path);
        var fromJaci = ServeIT.get(jaci.url(path));
        assertThat(fromNginx.statusCode()).as("nginx " + path).isEqualTo(200);
        assertThat(fromJaci.statusCode()).as("jaci " + path).isEqualTo(200);
        assertThat(ServeIT.sha256(fromNginx.body())).as(path)
            .isEqualTo(ServeIT.sha256(fromJaci.body()));
      }
      assertThat(ServeIT.tar(ServeIT.get(base + "/images/" + NAME + "/latest-linux-amd64.aci")
          .body())).isEqualTo(ServeIT.tar(Files.readAllBytes(v2)));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void waitForPort(int port, Process process) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new AssertionError("nginx ended: exit " + process.exitValue());
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nginx did not listen on " + port);
  }
}
