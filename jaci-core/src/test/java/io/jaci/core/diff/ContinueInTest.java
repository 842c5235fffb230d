package io.jaci.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Going on in a begun directory after its diff was built into an image (issue 12, Speed: a
 * Dockerfile's steps continue in one layout instead of rendering the step image chain again
 * for each step): the directory must then be exactly what a new begin over the built image
 * makes, record and manifest alike, and its next diff must hold only the next change.
 */
class ContinueInTest {
  private static final AcIdentifier STEP = AcIdentifier.parse("example.com/step");

  @TempDir Path tmp;
  private ImageStore store;
  private StoreImages source;
  private Path dir;
  private Path rootfs;

  @BeforeEach
  void setUp() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
    source = StoreImages.of(store);
    ImageId base = BaseImages.image()
        .dir("rootfs/bin", 0755)
        .file("rootfs/bin/one", 0755, "one")
        .dir("rootfs/etc", 0755)
        .file("rootfs/etc/gone", 0644, "bye")
        .file("rootfs/etc/mode", 0644, "m")
        .file("rootfs/etc/same", 0644, "aaaa")
        .file("rootfs/etc/shadow", 0640, 0, 42, "secret")
        .file("rootfs/etc/link-a", 0644, "shared")
        .hardLink("rootfs/etc/link-b", "rootfs/etc/link-a")
        .dir("rootfs/dev", 0755)
        .charDevice("rootfs/dev/null", 1, 3)
        .importInto(store, BaseImages.manifest("example.com/base", "1.0.0", null));
    dir = tmp.resolve("work");
    stepBegin().into(base, dir);
    rootfs = dir.resolve("rootfs");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Begin stepBegin() {
    return Begin.from(source, ImageRenderer.of(source)).name(STEP);
  }

  /** Builds the directory's diff into an image, imports it and goes on over it. */
  private ImageId buildAndContinue() throws Exception {
    BegunDirectory begun = BegunDirectory.open(dir);
    BegunDirectory.Content c = begun.diffToContinue(null, java.util.Map.of());
    Path aci = tmp.resolve("step.aci");
    AciBuilder.fromContent(c.manifest(), c.rootfs()).overwrite(true).build(aci);
    begun.restoreModes();
    ImageId id = store.importAci(aci, ProgressListener.NONE).id();
    stepBegin().continueIn(begun, id);
    return id;
  }

  private void changeEverythingOnce() throws Exception {
    Files.writeString(rootfs.resolve("etc/new"), "new");
    Path same = rootfs.resolve("etc/same");
    FileTime time = Files.getLastModifiedTime(same);
    Files.writeString(same, "bbbb"); // same size and mtime: found by content
    Files.setLastModifiedTime(same, time);
    Files.delete(rootfs.resolve("etc/gone"));
    Files.setAttribute(rootfs.resolve("etc/mode"), "unix:mode", 0600);
    Files.createLink(rootfs.resolve("bin/one-again"), rootfs.resolve("bin/one"));
    Files.getFileAttributeView(rootfs.resolve("bin/one"), UserDefinedFileAttributeView.class)
        .write("test", ByteBuffer.wrap(new byte[] {1, 2}));
    Files.createDirectories(rootfs.resolve("opt/deep"));
    Files.writeString(rootfs.resolve("opt/deep/file"), "deep");
  }

  @Test
  void continuedDirectory_isWhatABeginOverTheBuiltImageMakes() throws Exception {
    changeEverythingOnce();
    ImageId built = buildAndContinue();

    Path fresh = tmp.resolve("fresh");
    stepBegin().into(built, fresh);
    // the same record but for the change stamps (inodes and ctimes of other files)
    assertThat(withoutStamps(BuildRecord.file(dir)))
        .isEqualTo(withoutStamps(BuildRecord.file(fresh)));
    assertThat(Files.readString(dir.resolve("manifest")))
        .isEqualTo(Files.readString(fresh.resolve("manifest")));
    assertThat(TreeWalk.of(rootfs)).isEqualTo(TreeWalk.of(fresh.resolve("rootfs")));
  }

  private static String withoutStamps(Path record) throws Exception {
    return Files.readString(record).replaceAll(",\"stamp\":\"[0-9:]+\"", "");
  }

  @Test
  void nextDiff_holdsOnlyTheNextChange_andItsImageRendersTheTree() throws Exception {
    changeEverythingOnce();
    ImageId first = buildAndContinue();
    assertThat(BegunDirectory.open(dir).diff(null).rootfs()).as("nothing changed since")
        .extracting(f -> f.header().name()).containsExactly("rootfs");

    Files.writeString(rootfs.resolve("opt/deep/file"), "deeper");
    Files.delete(rootfs.resolve("etc/new"));
    BegunDirectory.Content c = BegunDirectory.open(dir).diff(null);
    // (the directories above a change come with it; /etc only when its mtime's second moved)
    assertThat(c.rootfs()).extracting(ScannedFile::header)
        .filteredOn(h -> h.type() != io.jaci.core.tar.TarEntryType.DIRECTORY)
        .extracting(h -> h.name()).containsExactly("rootfs/opt/deep/file");
    assertThat(c.deleted()).isEqualTo(1);
    assertThat(new String(c.manifest(), java.nio.charset.StandardCharsets.UTF_8))
        .contains(first.toString());

    Path aci = tmp.resolve("second.aci");
    ImageId second = AciBuilder.fromContent(c.manifest(), c.rootfs()).overwrite(true)
        .build(aci).imageId();
    store.importAci(aci, ProgressListener.NONE);
    Path rendered = tmp.resolve("rendered");
    ImageRenderer.of(source).render(second, rendered, false);
    assertThat(TreeWalk.of(rendered.resolve("rootfs"))).isEqualTo(TreeWalk.of(rootfs));
  }

  @Test
  void continueIn_needsTheDiffItContinues() throws Exception {
    BegunDirectory begun = BegunDirectory.open(dir);
    begun.diff(null); // not diffToContinue: nothing kept to continue with
    ImageId base = begun.base();
    assertThatThrownBy(() -> stepBegin().continueIn(begun, base))
        .isInstanceOf(IllegalStateException.class);
  }
}
