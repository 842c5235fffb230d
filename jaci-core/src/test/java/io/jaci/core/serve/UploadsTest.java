package io.jaci.core.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.store.ImageStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads on a store served by several servers (issue 13, item 4 of the fetch/serve round):
 * each upload directory is owned by its server process; a server never removes another live
 * server's uploads, and removes those whose owner is gone.
 */
class UploadsTest {
  static final AcIdentifier NAME = AcIdentifier.parse("example.com/app");
  @TempDir Path tmp;

  @Test
  void twoServersOnOneStore_keepEachOthersUploadsInProgress() throws Exception {
    Path root = tmp.resolve("uploads");
    try (Uploads first = new Uploads(root)) {
      Uploads.Upload u = first.start(NAME, "alice");
      Files.write(u.aci(), new byte[1000]);
      try (Uploads second = new Uploads(root)) {
        second.start(NAME, "bob");
        assertThat(u.aci()).hasSize(1000);
        assertThat(first.get(u.id, "alice")).containsSame(u);
      }
      assertThat(u.aci()).hasSize(1000);
    }
  }

  @Test
  void anUploadOfAnotherLiveProcess_isKept_andRemovedOnceThatProcessIsGone() throws Exception {
    Path root = tmp.resolve("uploads");
    Path dir = root.resolve("0123456789abcdef0123456789abcdef");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("image.aci"), "part of an image");
    Process holder = lockHolder(dir.resolve(Uploads.OWNER));
    try {
      try (Uploads uploads = new Uploads(root)) {
        assertThat(dir).isDirectory();
        uploads.start(NAME, "alice"); // starting an upload cleans too
        assertThat(dir.resolve("image.aci")).exists();
        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        uploads.start(NAME, "alice");
        assertThat(dir).doesNotExist();
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void leftoversOfADeadServer_areRemovedAtStart_butNotAnUploadBeingMade() throws Exception {
    Path root = tmp.resolve("uploads");
    Path dead = root.resolve("fedcba9876543210fedcba9876543210");
    Files.createDirectories(dead);
    Files.writeString(dead.resolve(Uploads.OWNER), "4242\n"); // unlocked: its process is gone
    Files.writeString(dead.resolve("image.aci"), "part of an image");
    Path oldMaking = Files.createDirectories(root.resolve(".new-00112233445566778899aabbccddeeff"));
    Files.setLastModifiedTime(oldMaking, FileTime.from(Instant.now().minusSeconds(3600)));
    Path making = Files.createDirectories(root.resolve(".new-ffeeddccbbaa99887766554433221100"));
    try (Uploads uploads = new Uploads(root)) {
      assertThat(dead).doesNotExist();
      assertThat(oldMaking).doesNotExist();
      assertThat(making).isDirectory();
    }
  }

  @Test
  void anEndedUpload_leavesNothing_andAStoppedServerEndsItsUploads() throws Exception {
    Path root = tmp.resolve("uploads");
    Uploads uploads = new Uploads(root);
    Uploads.Upload done = uploads.start(NAME, "alice");
    uploads.end(done);
    Uploads.Upload open = uploads.start(NAME, "alice");
    assertThat(done.dir).doesNotExist();
    uploads.close();
    assertThat(open.dir).doesNotExist();
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aServerStart_removesTemporaryFilesOfDeadWritersInTheStoresAciDirectory()
      throws Exception {
    Path storeDir = tmp.resolve("store");
    Path stale;
    Path live;
    try (ImageStore store = ImageStore.open(storeDir)) {
      Path shard = Files.createDirectories(storeDir.resolve("aci/ab"));
      stale = Files.writeString(shard.resolve(".abcd.aci.123.part"), "half an image");
      Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
      live = Files.writeString(shard.resolve(".abce.aci.456.part"), "being written");
      Path kept = Files.writeString(shard.resolve("abcd.aci"), "an image");
      try (ImageServer server = ImageServer.start(store,
          ServeOptions.on(new InetSocketAddress("127.0.0.1", 0)), line -> { })) {
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(kept).exists();
      }
    }
  }

  /** A second JVM that holds a POSIX lock on {@code file} until it is killed. */
  private Process lockHolder(Path file) throws Exception {
    Path src = tmp.resolve("LockHolder.java");
    Files.writeString(src, "import java.nio.channels.FileChannel;\n"
        + "import java.nio.file.*;\n"
        + "public class LockHolder { public static void main(String[] a) throws Exception {\n"
        + "  FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE,"
        + " StandardOpenOption.WRITE);\n"
        + "  c.lock(); System.out.println(\"locked\"); System.out.flush();\n"
        + "  Thread.sleep(600_000); } }\n");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", src.toString(), file.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("locked");
    return p;
  }
}
