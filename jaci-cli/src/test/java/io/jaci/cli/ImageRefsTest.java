package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REF helper shared by {@code image render}, {@code image extract} and {@code begin}. */
class ImageRefsTest {
  @TempDir
  Path tmp;

  @Test
  void resolveOrImport_aciFile_readsAnUnchangedFileOnlyOnce() throws Exception {
    // small-items item 1: render/extract/begin FILE.aci re-read and re-hashed the file every time
    Path aci = tmp.resolve("test.aci");
    AciBuilder.fromLayout(TestImages.layout(tmp.resolve("layout"))).build(aci);
    BytesRead counting = new BytesRead();
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      StoredImage first = ImageRefs.resolveOrImport(store, aci.toString(), counting);
      long firstRead = counting.total;
      StoredImage again = ImageRefs.resolveOrImport(store, aci.toString(), counting);

      assertThat(firstRead).isEqualTo(Files.size(aci));
      assertThat(again).isEqualTo(first);
      assertThat(counting.total).as("the unchanged file is not read again").isEqualTo(firstRead);
      assertThat(ImageRefs.resolveOrImport(store, first.id().toString(), counting))
          .isEqualTo(first);
    }
  }

  /** Counts the bytes an import reports reading. */
  private static final class BytesRead implements ProgressListener {
    long total;

    @Override
    public void advance(long bytes) {
      total += bytes;
    }
  }
}
