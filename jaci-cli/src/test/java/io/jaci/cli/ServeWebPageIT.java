package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the web page: headless Chromium (Debian's) loads {@code /} of {@code jaci serve},
 * every image listed has a working download and manifest link, untrusted labels stay text, and
 * a phone-sized screenshot is saved under {@code jaci-cli/target/}.
 */
class ServeWebPageIT {
  private static final String BASE_NAME = "127.0.0.1/example.com/base";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>\\\"'&amp;";

  @TempDir
  Path tmp;

  private ProcessRun chromium(String chromium, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium")));
    command.addAll(List.of(args));
    return ProcessRun.run(tmp, java.util.Map.of(), command);
  }

  @Test
  void chromium_loadsThePage_everyDownloadAndManifestLinkWorks() throws Exception {
    String chromium = ExternalTool.require("chromium").toString();
    Path store = tmp.resolve("store");
    Path base = ServedImages.aci(tmp.resolve("base.aci"),
        ServedImages.manifest(BASE_NAME, "1.0.0", "", ""), 2000, 1);
    Path app = ServedImages.aci(tmp.resolve("app.aci"), ServedImages.manifest(ServeIT.NAME,
        "2.0.0", ",{\"name\":\"note\",\"value\":\"" + HOSTILE + "\"}",
        ",\"dependencies\":[{\"imageName\":\"" + BASE_NAME + "\",\"labels\":[{\"name\":"
            + "\"version\",\"value\":\"1.0.0\"}]}]"), 2000, 2);
    for (Path aci : List.of(base, app)) {
      JaciJar.run(tmp, "--store", store, "image", "import", aci).assertSuccess();
    }
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store,
        ServedImages.freePort())) {
      ProcessRun dump = chromium(chromium, "--dump-dom", server.url("/"));
      assertThat(dump.exit()).as(dump.describe()).isZero();
      String dom = dump.out();
      assertThat(dom).contains("<h2>" + BASE_NAME + "</h2>").contains("<h2>" + ServeIT.NAME)
          .contains("jaci fetch 127.0.0.1:" + server.port + "/example.com/app:2.0.0")
          .contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
      // the dependency graph: the app links to the base image's entry
      assertThat(dom).containsPattern("<a href=\"#sha512-[0-9a-f]{128}\">" + BASE_NAME
          + ", version=1.0.0</a>");

      Matcher links = Pattern.compile("href=\"(images/by-id/[^\"]+)\"").matcher(dom);
      int downloads = 0;
      int manifests = 0;
      while (links.find()) {
        String url = URI.create(server.url("/")).resolve(links.group(1)).toString();
        var response = ServeIT.get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        if (url.endsWith(".aci")) {
          downloads++;
          assertThat(ServeIT.tar(response.body())).isIn(ServeIT.tar(Files.readAllBytes(base)),
              ServeIT.tar(Files.readAllBytes(app)));
        } else if (url.endsWith(".manifest.json")) {
          manifests++;
          assertThat(new ObjectMapper().readTree(response.body()).path("name").asText())
              .isIn(BASE_NAME, ServeIT.NAME);
        }
      }
      assertThat(downloads).isEqualTo(2);
      assertThat(manifests).isEqualTo(2);

      Path screenshot = TestImages.repository().resolve("jaci-cli/target/serve-web-page.png");
      Files.deleteIfExists(screenshot);
      ProcessRun shot = chromium(chromium, "--screenshot=" + screenshot,
          "--window-size=390,844", server.url("/"));
      assertThat(shot.exit()).as(shot.describe()).isZero();
      assertThat(screenshot).isRegularFile();
      assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }
  }
}
