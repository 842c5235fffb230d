package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step cache's table in the store. */
class StepImagesTest {
  @TempDir
  Path tmp;

  private ImageStore store;
  private StepImages images;

  @BeforeEach
  void open() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
    images = new StepImages(store, ImageRenderer.of(StoreImages.of(store)), tmp.resolve("work"),
        null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /**
   * Issue 12's closing note, undone item 1: the key held no version of the steps' semantics,
   * so step images an older jaci made (before the COPY and WORKDIR fixes) were reused until
   * {@code --no-cache} or {@code image gc}. An entry written under another step format, or
   * without one as jaci wrote them before, is not reused.
   */
  @Test
  void anEntryOfAnotherStepFormat_isNotReused() throws Exception {
    ImageId image = ScratchImage.id(store);
    String key = StepImages.key("some step", "its content");
    store.rememberConversion("dockerfile-step:sha256:" + key, image); // the unversioned keys
    store.rememberConversion("dockerfile-step:v1:sha256:" + key, image);
    store.rememberConversion("dockerfile-step:v999:sha256:" + key, image);

    assertThat(images.cached(key)).as("written by a jaci of another step format").isEmpty();

    images.remember(key, image);
    assertThat(images.cached(key)).as("written by this jaci").contains(image);
    assertThat(images.cached(StepImages.key("another step"))).isEmpty();
  }
}
