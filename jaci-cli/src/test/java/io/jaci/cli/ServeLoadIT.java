package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the bounded load test: 50 concurrent clients download a 100 MB image from {@code
 * jaci serve} (a third of them with a Range request) while a push runs; no request fails and
 * every byte received equals the pushed file's byte at that offset.
 */
class ServeLoadIT {
  private static final int CLIENTS = 50;
  private static final long SIZE = 100_000_000L;

  @TempDir
  Path tmp;

  @Test
  void fiftyClientsDownload100MB_whileAPushRuns_everyByteVerified() throws Exception {
    String htpasswd = ExternalTool.require("htpasswd").toString();
    Path users = tmp.resolve("users");
    ProcessRun.run(tmp, htpasswd, "-bcB", users.toString(), "alice", "secret").assertSuccess();
    Path big = ServedImages.aci(tmp.resolve("big.aci"),
        ServedImages.manifest(ServeIT.NAME, "1.0.0", "", ""), SIZE, 1);
    Path other = ServedImages.aci(tmp.resolve("other.aci"),
        ServedImages.manifest(ServeIT.NAME, "2.0.0", "", ""), 20_000_000, 2);
    Map<String, String> alice = Map.of("JACI_PASSWORD", "secret");
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, tmp.resolve("store"), port,
        "--users", users.toString());
        FileChannel file = FileChannel.open(big, StandardOpenOption.READ)) {
      long t0 = System.nanoTime();
      push(big, port, alice).assertSuccess();
      System.out.printf("pushed 100 MB in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      MappedByteBuffer expected = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size());
      String url = server.url("/images/" + ServeIT.NAME + "/1.0.0-linux-amd64.aci");
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      // the client's own executor: the pool's threads block reading bodies
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(20)).build();
      try {
        CompletableFuture<ProcessRun> pushing = CompletableFuture.supplyAsync(
            () -> push(other, port, alice));
        List<CompletableFuture<String>> clients = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < CLIENTS; i++) {
          long start = i % 3 == 0 ? random.nextLong(file.size() - 1) : 0;
          long end = i % 3 == 0 ? start + random.nextLong(file.size() - start) : file.size() - 1;
          boolean ranged = i % 3 == 0;
          clients.add(CompletableFuture.supplyAsync(
              () -> download(http, url, ranged, start, end, expected), pool));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<String> c : clients) {
          String failure = c.get(3, TimeUnit.MINUTES);
          if (!failure.isEmpty()) {
            failures.add(failure);
          }
        }
        assertThat(failures).isEmpty();
        System.out.printf("%d clients downloaded in %.1f s%n", CLIENTS,
            (System.nanoTime() - t0) / 1e9);
        ProcessRun pushed = pushing.get(3, TimeUnit.MINUTES);
        assertThat(pushed.exit()).as(pushed.describe()).isZero();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private ProcessRun push(Path aci, int port, Map<String, String> env) {
    return JaciJar.run(tmp, env, "push", aci, "127.0.0.1:" + port + "/example.com/app",
        "--insecure", "--user", "alice", "--timeout", "120");
  }

  /** Downloads and compares every byte with {@code expected}; "" when all is well. */
  private static String download(HttpClient http, String url, boolean ranged, long start,
      long end, ByteBuffer expected) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMinutes(2));
    if (ranged) {
      request.header("Range", "bytes=" + start + "-" + end);
    }
    try {
      HttpResponse<InputStream> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      int status = ranged ? 206 : 200;
      if (response.statusCode() != status) {
        return url + " " + (ranged ? start + "-" + end : "") + ": HTTP " + response.statusCode();
      }
      byte[] buffer = new byte[1 << 16];
      long offset = start;
      try (InputStream in = response.body()) {
        for (int n = in.readNBytes(buffer, 0, buffer.length); n > 0;
            n = in.readNBytes(buffer, 0, buffer.length)) {
          if (offset + n > end + 1 || ByteBuffer.wrap(buffer, 0, n)
              .mismatch(expected.slice((int) offset, n)) >= 0) {
            return "wrong bytes at or after offset " + offset + " (range " + start + "-" + end
                + ")";
          }
          offset += n;
        }
      }
      return offset == end + 1 ? "" : "short body: " + (offset - start) + " of "
          + (end + 1 - start) + " bytes";
    } catch (Exception e) {
      return url + ": " + e;
    }
  }
}
