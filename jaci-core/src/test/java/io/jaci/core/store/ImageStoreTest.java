package io.jaci.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Labels;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageStoreTest {
  @TempDir
  Path tmp;
  ImageStore store;

  @BeforeEach
  void open() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static String sha512(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  static byte[] tarOf(Path aci) throws Exception {
    try (InputStream in = Compression.decompressing(Files.newInputStream(aci))) {
      return in.readAllBytes();
    }
  }

  /** The invariant after every operation: every image verifies and its tar matches its ID. */
  void assertConsistent() throws Exception {
    VerifyReport r = store.verify(List.of(), false);
    assertThat(r.problems()).isEmpty();
    for (StoredImage image : store.list()) {
      try (InputStream in = store.openTar(image.id())) {
        assertThat(sha512(in.readAllBytes())).isEqualTo(image.id().hex());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "NONE"})
  void importAci_anyCompression_givesTheIdOfTheUncompressedTar(Compression c) throws Exception {
    Path aci = StoreImages.aci(tmp, "example.com/app", "hello", c, "version", "1.0.0");
    StoredImage image = store.importAci(aci, ProgressListener.NONE);
    byte[] tar = tarOf(aci);
    assertThat(image.id().hex()).isEqualTo(sha512(tar));
    assertThat(image.size()).isEqualTo(tar.length);
    assertThat(image.manifest().name().value()).isEqualTo("example.com/app");
    try (InputStream in = store.openTar(image.id())) {
      assertThat(in.readAllBytes()).isEqualTo(tar);
    }
    assertConsistent();
  }

  @Test
  void importAci_twice_isANoOpReturningTheSameImage() throws Exception {
    Path gz = StoreImages.aci(tmp, "example.com/app", "hello", Compression.GZIP);
    Path xz = StoreImages.aci(tmp, "example.com/app", "hello", Compression.XZ);
    StoredImage first = store.importAci(gz, ProgressListener.NONE);
    StoredImage second = store.importAci(xz, ProgressListener.NONE);
    try (InputStream in = Files.newInputStream(gz)) {
      assertThat(store.importAci(in, ProgressListener.NONE)).isEqualTo(first);
    }
    assertThat(second).isEqualTo(first);
    assertThat(store.list()).containsExactly(first);
    assertThat(Files.list(tmp.resolve("store/tmp")).count()).isZero();
    assertConsistent();
  }

  @Test
  void importAciFileOnce_readsAnUnchangedFileOnlyOnce_andAChangedOneAgain() throws Exception {
    Path aci = tmp.resolve("app.aci");
    Files.copy(StoreImages.aci(tmp, "example.com/app", "hello"), aci);
    long[] read = {0};
    ProgressListener counting = new ProgressListener() {
      @Override
      public void advance(long bytes) {
        read[0] += bytes;
      }
    };

    StoredImage first = store.importAciFileOnce(aci, counting);
    long firstRead = read[0];
    StoredImage again = store.importAciFileOnce(aci, counting);

    assertThat(firstRead).isEqualTo(Files.size(aci));
    assertThat(again).isEqualTo(first);
    assertThat(read[0]).as("the unchanged file is not read again").isEqualTo(firstRead);

    Files.copy(StoreImages.aci(tmp, "example.com/app", "changed"), aci,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    StoredImage changed = store.importAciFileOnce(aci, counting);
    assertThat(changed.id()).isNotEqualTo(first.id());
    assertThat(changed).isEqualTo(store.importAci(aci, ProgressListener.NONE));

    store.remove(changed.id());
    assertThat(store.importAciFileOnce(aci, ProgressListener.NONE).id())
        .as("an image removed from the store is imported again").isEqualTo(changed.id());
    assertThat(store.list()).extracting(StoredImage::id).contains(changed.id());
    assertConsistent();
  }

  @Test
  void importAci_invalidArchive_isRefusedAndLeavesNothing() throws Exception {
    byte[] notAnAci = "just text, not a tar".getBytes();
    assertThatThrownBy(() -> store.importAci(new ByteArrayInputStream(notAnAci),
        ProgressListener.NONE)).isInstanceOf(JaciException.class).hasMessageContaining("not an ACI");
    java.io.ByteArrayOutputStream onlyRootfs = new java.io.ByteArrayOutputStream();
    try (io.jaci.core.tar.TarWriter w = new io.jaci.core.tar.TarWriter(onlyRootfs)) {
      w.write(new io.jaci.core.tar.TarHeader("rootfs", io.jaci.core.tar.TarEntryType.DIRECTORY,
          0755, 0, 0, 0, 0, "", 0, 0, null));
    }
    assertThatThrownBy(() -> store.importAci(new ByteArrayInputStream(onlyRootfs.toByteArray()),
        ProgressListener.NONE)).hasMessageContaining("no manifest entry");
    assertThat(store.list()).isEmpty();
    assertThat(Files.list(tmp.resolve("store/tmp")).count()).isZero();
    assertConsistent();
  }

  @Test
  void importAci_reportsProgressUpToTheFileSize() throws Exception {
    Path aci = StoreImages.aci(tmp, "example.com/app", "hello");
    long[] total = {0, 0};
    store.importAci(aci, new ProgressListener() {
      @Override
      public void start(String task, long totalBytes) {
        total[0] = totalBytes;
      }

      @Override
      public void advance(long bytes) {
        total[1] += bytes;
      }
    });
    assertThat(total[0]).isEqualTo(Files.size(aci));
    assertThat(total[1]).isEqualTo(Files.size(aci));
  }

  @Test
  void resolve_fullIdPrefixesAndRkt64HexKeys() throws Exception {
    StoredImage image = store.importAci(StoreImages.aci(tmp, "example.com/app", "a"),
        ProgressListener.NONE);
    String full = image.id().toString();
    assertThat(store.resolve(full)).isEqualTo(image);
    assertThat(store.resolve(full.substring(0, 7 + 64))).isEqualTo(image);
    assertThat(store.resolve(full.substring(0, 7 + 12))).isEqualTo(image);
    assertThat(store.get(ImageId.parse(full.substring(0, 7 + 64)))).contains(image);
    assertThat(store.get(image.id())).contains(image);
    assertThatThrownBy(() -> store.resolve(full.substring(0, 7 + 11)))
        .hasMessageContaining("ambiguous").hasMessageContaining(full.substring(0, 7 + 11));
    String other = "sha512-" + "0".repeat(12);
    assertThatThrownBy(() -> store.resolve(other))
        .hasMessageContaining(other).hasMessageContaining("not in the store");
    assertThat(store.get(ImageId.parse("sha512-" + "0".repeat(128)))).isEmpty();
  }

  @Test
  void resolve_prefixOfTwoImages_isAmbiguousAndNamesBoth() throws Exception {
    // find two images whose IDs share the first hex digit: make a few, then resolve 1 digit
    List<StoredImage> images = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      images.add(store.importAci(StoreImages.aci(tmp, "example.com/app", "c" + i),
          ProgressListener.NONE));
    }
    // two of 40 random IDs share their first two digits with high probability; find a pair
    // sharing the longest prefix and query that prefix padded to 12 digits where possible
    StoredImage a = null;
    StoredImage b = null;
    for (StoredImage x : images) {
      for (StoredImage y : images) {
        if (x != y && x.id().hex().charAt(0) == y.id().hex().charAt(0)) {
          a = x;
          b = y;
        }
      }
    }
    assertThat(a).isNotNull();
    // the store refuses prefixes under 12 digits, so check the listing names of a 12-digit
    // prefix of a unique image, and ambiguity through the index query itself
    assertThat(store.resolve(a.id().toString().substring(0, 19))).isEqualTo(a);
    StoreLayout layout = new StoreLayout(store.root());
    try (StoreIndex index = StoreIndex.open(layout.index())) {
      assertThat(index.withPrefix(a.id().hex().substring(0, 1), 10))
          .extracting(StoreIndex.Row::id).contains(a.id(), b.id());
    }
  }

  @Test
  void resolve_appString_everyLabelMustMatch_highestSemverThenNewest() throws Exception {
    StoredImage v1 = store.importAci(StoreImages.aci(tmp, "example.com/app", "1",
        "version", "1.0.0", "os", "linux"), ProgressListener.NONE);
    StoredImage v10 = store.importAci(StoreImages.aci(tmp, "example.com/app", "10",
        "version", "1.10.0", "os", "linux"), ProgressListener.NONE);
    StoredImage v2 = store.importAci(StoreImages.aci(tmp, "example.com/app", "2",
        "version", "1.2.0", "os", "linux"), ProgressListener.NONE);
    StoredImage rc = store.importAci(StoreImages.aci(tmp, "example.com/app", "rc",
        "version", "1.10.0-rc.1", "os", "linux"), ProgressListener.NONE);
    StoredImage freebsd = store.importAci(StoreImages.aci(tmp, "example.com/app", "bsd",
        "version", "0.1.0", "os", "freebsd"), ProgressListener.NONE);
    Thread.sleep(2);
    StoredImage v10again = store.importAci(StoreImages.aci(tmp, "example.com/app", "10b",
        "version", "1.10.0", "os", "linux"), ProgressListener.NONE);

    assertThat(store.resolve("example.com/app")).isEqualTo(v10again);
    assertThat(store.find(AcIdentifier.parse("example.com/app"), Labels.of("os", "linux")))
        .containsExactly(v10again, v10, rc, v2, v1);
    assertThat(store.resolve("example.com/app:1.2.0")).isEqualTo(v2);
    assertThat(store.resolve("example.com/app,version=1.0.0")).isEqualTo(v1);
    assertThat(store.resolve("example.com/app,os=freebsd")).isEqualTo(freebsd);
    assertThat(store.resolve("example.com/app:1.10.0-rc.1,os=linux")).isEqualTo(rc);
    assertThatThrownBy(() -> store.resolve("example.com/app:9.9.9"))
        .hasMessageContaining("example.com/app:9.9.9").hasMessageContaining("no image");
    assertThatThrownBy(() -> store.resolve("example.com/other"))
        .hasMessageContaining("example.com/other");
    assertThatThrownBy(() -> store.resolve("Not An Image"))
        .hasMessageContaining("Not An Image");
  }

  @Test
  void find_nonSemverVersionsComeAfterSemverOnes() throws Exception {
    StoredImage latest = store.importAci(StoreImages.aci(tmp, "example.com/app", "l",
        "version", "latest"), ProgressListener.NONE);
    StoredImage v1 = store.importAci(StoreImages.aci(tmp, "example.com/app", "1",
        "version", "1.0.0"), ProgressListener.NONE);
    assertThat(store.find(AcIdentifier.parse("example.com/app"), Labels.empty()))
        .containsExactly(v1, latest);
    assertThat(store.resolve("example.com/app:latest")).isEqualTo(latest);
  }

  @Test
  void remove_dropsTheImageAndItsBlob_andIsIdempotent() throws Exception {
    StoredImage a = store.importAci(StoreImages.aci(tmp, "example.com/a", "a"),
        ProgressListener.NONE);
    StoredImage b = store.importAci(StoreImages.aci(tmp, "example.com/b", "b"),
        ProgressListener.NONE);
    store.remove(a.id());
    store.remove(a.id());
    assertThat(store.list()).containsExactly(b);
    assertThat(Files.exists(new StoreLayout(store.root()).blob(a.id()))).isFalse();
    assertThatThrownBy(() -> store.openTar(a.id())).hasMessageContaining("not in the store");
    assertConsistent();
    // and it can come back
    assertThat(store.importAci(StoreImages.aci(tmp, "example.com/a", "a"),
        ProgressListener.NONE).id()).isEqualTo(a.id());
    assertConsistent();
  }

  @Test
  void markUsed_andGc_removeOnlyImagesUnusedWithinTheGracePeriod() throws Exception {
    StoredImage old = store.importAci(StoreImages.aci(tmp, "example.com/old", "o"),
        ProgressListener.NONE);
    Thread.sleep(50);
    StoredImage used = store.importAci(StoreImages.aci(tmp, "example.com/used", "u"),
        ProgressListener.NONE);
    Thread.sleep(50);
    store.markUsed(used.id());
    assertThat(store.get(used.id()).orElseThrow().lastUsed()).isAfter(used.lastUsed());
    // leftovers of a dead import and of an interrupted remove
    Path layoutTmp = tmp.resolve("store/tmp");
    Files.write(layoutTmp.resolve("import-dead.part"), new byte[100]);
    Path orphan = new StoreLayout(store.root()).blob(ImageId.parse("sha512-" + "ab".repeat(64)));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, new byte[10]);

    GcReport report = store.gc(Duration.ofMillis(40));
    assertThat(report.removedImages()).containsExactly(old.id());
    assertThat(report.removedBlobs()).isEqualTo(1);
    assertThat(report.removedTempFiles()).isEqualTo(1);
    assertThat(store.list()).extracting(StoredImage::id).containsExactly(used.id());
    assertThat(Files.exists(orphan)).isFalse();
    assertThat(store.gc(Duration.ofDays(1)).removedImages()).isEmpty();
    assertConsistent();
  }

  @Test
  void verify_detectsDamagedAndMissingBlobs_andRepairDropsThemFromTheIndex() throws Exception {
    StoredImage good = store.importAci(StoreImages.aci(tmp, "example.com/good", "g"),
        ProgressListener.NONE);
    StoredImage damaged = store.importAci(StoreImages.aci(tmp, "example.com/damaged", "d"),
        ProgressListener.NONE);
    StoredImage missing = store.importAci(StoreImages.aci(tmp, "example.com/missing", "m"),
        ProgressListener.NONE);
    StoreLayout layout = new StoreLayout(store.root());
    byte[] bytes = Files.readAllBytes(layout.blob(damaged.id()));
    bytes[bytes.length / 2] ^= 1;
    Files.write(layout.blob(damaged.id()), bytes);
    Files.delete(layout.blob(missing.id()));

    assertThat(store.verify(List.of(good.id()), false).clean()).isTrue();
    VerifyReport report = store.verify(List.of(), false);
    assertThat(report.clean()).isFalse();
    assertThat(report.checkedImages()).isEqualTo(3);
    assertThat(report.problems()).hasSize(2);
    assertThat(report.problems()).anySatisfy(p -> assertThat(p)
        .contains("example.com/damaged").contains("blob damaged"));
    assertThat(report.problems()).anySatisfy(p -> assertThat(p)
        .contains("example.com/missing").contains("blob missing"));
    assertThatThrownBy(() -> {
      try (InputStream in = store.openTar(damaged.id())) {
        in.readAllBytes();
      }
    }).hasMessageContaining("damaged");

    VerifyReport repair = store.verify(List.of(), true);
    assertThat(repair.repaired()).hasSize(2);
    assertThat(store.list()).containsExactly(good);
    assertThat(store.verify(List.of(), false).clean()).isTrue();
    assertConsistent();
  }

  @Test
  void reopen_keepsTheIndex_andRecordsTheSchemaVersion() throws Exception {
    StoredImage a = store.importAci(StoreImages.aci(tmp, "example.com/a", "a"),
        ProgressListener.NONE);
    store.close();
    store = ImageStore.open(tmp.resolve("store"));
    assertThat(store.list()).containsExactly(a);
    try (Stream<Path> s = Files.list(tmp.resolve("store"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .contains("index.db", "blobs", "tmp", "trees", "lock");
    }
    assertThat(store.treesDirectory()).isEqualTo(tmp.resolve("store/trees").toAbsolutePath());
    assertThat(StoreIndex.schemaVersion()).isEqualTo(3);
  }

  @Test
  void isAciPath_onlyForExistingFiles() throws Exception {
    Path aci = StoreImages.aci(tmp, "example.com/a", "a");
    assertThat(ImageStore.isAciPath(aci.toString())).isTrue();
    assertThat(ImageStore.isAciPath("example.com/a:1.0")).isFalse();
    assertThat(ImageStore.isAciPath(tmp.resolve("missing.aci").toString())).isFalse();
    assertThat(ImageStore.isAciPath("sha512-0123456789ab")).isFalse();
  }
}
