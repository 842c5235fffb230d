package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.io.Compression;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.run.NetMode;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FROM FILE.aci} in process (no RUN, so no runtime). */
class DockerfileFromAciTest {
  @TempDir
  Path tmp;

  /**
   * Issue 12's closing note, undone item 2: {@code FROM x.aci} read and hashed the file again
   * on every build. Now the base images import an unchanged file once, as {@code jaci run
   * FILE.aci} does: a rebuild reads none of its bytes, and a changed file is read again.
   */
  @Test
  void aRebuildFromAnUnchangedAciFile_doesNotReadItAgain() throws Exception {
    Path aci = baseAci("first");
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("a.txt"), "from the context\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + aci + "\nCOPY a.txt /\n");
    long[] read = {0};
    ProgressListener counting = new ProgressListener() {
      @Override
      public void advance(long bytes) {
        read[0] += bytes;
      }
    };
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      List<Boolean> cached = new ArrayList<>();
      DockerfileBuild.Result first = build(store, ctx, counting, cached);
      assertThat(read[0]).as("the first build reads the file").isEqualTo(Files.size(aci));

      DockerfileBuild.Result again = build(store, ctx, counting, cached);
      assertThat(read[0]).as("the rebuild does not read the unchanged file").isEqualTo(
          Files.size(aci));
      assertThat(again.image()).isEqualTo(first.image());
      assertThat(cached).as("the COPY step, then found in the cache").containsExactly(false, true);

      Files.copy(baseAci("changed"), aci, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      read[0] = 0;
      DockerfileBuild.Result changed = build(store, ctx, counting, cached);
      assertThat(read[0]).as("a changed file is read again").isEqualTo(Files.size(aci));
      assertThat(changed.image()).isNotEqualTo(first.image());
    }
  }

  private DockerfileBuild.Result build(ImageStore store, Path ctx, ProgressListener progress,
      List<Boolean> cached) throws Exception {
    DockerfileBuild.Options options = new DockerfileBuild.Options(
        AcIdentifier.parse("example.com/built"), Map.of(), Map.of(), null, false, false,
        Map.of(), NetMode.NONE, 0L, tmp.resolve("pods"), null,
        DockerfileBuild.BaseImages.inStore(store, progress), (stage, step, hit) -> {
          if (!(step instanceof Instruction.From)) {
            cached.add(hit);
          }
        });
    return DockerfileBuild.of(Dockerfile.parse(Files.readString(ctx.resolve("Dockerfile"))),
        BuildContext.open(ctx), store, ImageRenderer.of(StoreImages.of(store)), options).build();
  }

  private Path baseAci(String content) throws Exception {
    Path layout = Files.createTempDirectory(tmp, "layout");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.writeString(layout.resolve("rootfs/etc/content"), content);
    Files.write(layout.resolve("manifest"), ManifestJson.writePretty(
        ImageManifest.builder(AcIdentifier.parse("example.com/base")).build()));
    Path out = Files.createTempFile(tmp, "base", ".aci");
    AciBuilder.fromLayout(layout).compression(Compression.GZIP).overwrite(true)
        .sourceDateEpoch(0L).build(out);
    return out;
  }
}
