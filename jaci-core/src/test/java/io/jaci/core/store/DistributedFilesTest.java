package io.jaci.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.io.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .aci files a server sends, kept beside the store's tars (issue 13, the server). */
class DistributedFilesTest {
  @TempDir
  Path tmp;

  @Test
  void aciFile_isAGzipOfTheImage_madeOnce_andAKeptFileIsNeverReplacedByIt() throws Exception {
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      Path plain = StoreImages.aci(tmp, "example.com/a", "a", Compression.NONE);
      StoredImage image = store.importAci(plain, ProgressListener.NONE);
      DistributedFiles files = store.distributedFiles();
      assertThat(files.keptAci(image.id())).isEmpty();
      Path aci = files.aciFile(image);
      assertThat(Compression.detect(Files.readAllBytes(aci), 4)).isEqualTo(Compression.GZIP);
      assertThat(ImageStoreTest.tarOf(aci)).isEqualTo(Files.readAllBytes(plain));
      long made = Files.getLastModifiedTime(aci).toMillis();
      assertThat(files.aciFile(image)).isEqualTo(aci);
      assertThat(Files.getLastModifiedTime(aci).toMillis()).isEqualTo(made);

      // a pushed, signed file replaces the made one; the signature is kept beside it
      Path pushed = StoreImages.aci(tmp, "example.com/a", "a", Compression.XZ);
      byte[] pushedBytes = Files.readAllBytes(pushed);
      files.keep(image.id(), pushed, Optional.of("sig".getBytes(StandardCharsets.UTF_8)));
      assertThat(Files.readAllBytes(files.aciFile(image))).isEqualTo(pushedBytes);
      assertThat(files.signature(image.id())).hasValueSatisfying(
          asc -> assertThat(asc).hasContent("sig"));
    }
  }

  @Test
  void removingTheImage_removesItsFileAndSignature() throws Exception {
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      Path aci = StoreImages.aci(tmp, "example.com/b", "b");
      StoredImage image = store.importAci(aci, ProgressListener.NONE);
      Path copy = Files.copy(aci, tmp.resolve("copy.aci"));
      store.distributedFiles().keep(image.id(), copy, Optional.of(new byte[] {1}));
      Path kept = store.distributedFiles().keptAci(image.id()).orElseThrow();
      store.remove(image.id());
      assertThat(kept).doesNotExist();
      assertThat(store.distributedFiles().signature(image.id())).isEmpty();
    }
  }
}
