package io.jaci.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * begin, a change, a diff build: the diff holds exactly what changed, and importing and
 * rendering it gives back the begun tree (compared by {@link TreeWalk}).
 */
class DiffBuildTest {
  private static final FileTime BASE_TIME = FileTime.fromMillis(BaseImages.MTIME * 1000);

  @TempDir Path tmp;
  private ImageStore store;
  private Path dir;
  private Path rootfs;

  @BeforeEach
  void begin() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
    ImageId base = BaseImages.image()
        .dir("rootfs/bin", 0755)
        .file("rootfs/bin/one", 0755, "one")
        .file("rootfs/bin/tool", 0755, "tool")
        .dir("rootfs/etc", 0755)
        .file("rootfs/etc/gone", 0644, "bye")
        .file("rootfs/etc/mode", 0644, "m")
        .file("rootfs/etc/same", 0644, "aaaa")
        .file("rootfs/etc/xa", 0644, "x")
        .file("rootfs/etc/shadow", 0640, 0, 42, "secret")
        .file("rootfs/etc/link-a", 0644, "shared")
        .hardLink("rootfs/etc/link-b", "rootfs/etc/link-a")
        .dir("rootfs/opt", 0755)
        .dir("rootfs/opt/dir", 0755)
        .file("rootfs/opt/dir/x", 0644, "x")
        .file("rootfs/opt/dir/y", 0644, "y")
        .dir("rootfs/dev", 0755)
        .charDevice("rootfs/dev/null", 1, 3)
        .importInto(store, BaseImages.manifest("example.com/base", "1.0.0", null));
    dir = tmp.resolve("work");
    begin(base);
  }

  private void begin(ImageId base) throws Exception {
    StoreImages source = StoreImages.of(store);
    Begin.from(source, ImageRenderer.of(source)).label("version", "1.1.0").into(base, dir);
    rootfs = dir.resolve("rootfs");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private BegunDirectory.Content diff() throws Exception {
    return BegunDirectory.open(dir).diff(null);
  }

  private static List<String> names(BegunDirectory.Content c) {
    return c.rootfs().stream().map(ScannedFile::header).map(h -> h.name()).toList();
  }

  private static ImageManifest manifest(BegunDirectory.Content c) throws Exception {
    return ManifestJson.parse(c.manifest());
  }

  /** Builds, imports and renders {@code c}; asserts the result is the begun tree. */
  private void assertRoundTrip(BegunDirectory.Content c) throws Exception {
    Path aci = tmp.resolve("diff.aci");
    ImageId id = AciBuilder.fromContent(c.manifest(), c.rootfs()).overwrite(true).build(aci)
        .imageId();
    assertThat(store.importAci(aci, ProgressListener.NONE).id()).isEqualTo(id);
    Path rendered = tmp.resolve("rendered");
    // an image layout: as root, a rootfs-only target's own mode is 0700 (issue 10 item 1)
    ImageRenderer.of(StoreImages.of(store)).render(id, rendered, false);
    Map<String, String> expected = TreeWalk.of(rootfs);
    assertThat(TreeWalk.of(rendered.resolve("rootfs"))).isEqualTo(expected);
  }

  @Test
  void begin_writesAManifestPinningTheBase_andRendersIt() throws Exception {
    ImageManifest m = ManifestJson.parse(Files.readAllBytes(dir.resolve("manifest")));
    assertThat(m.name().toString()).isEqualTo("example.com/base");
    assertThat(m.labels().get("version")).contains("1.1.0");
    assertThat(m.dependencies()).singleElement().satisfies(d -> {
      assertThat(d.imageName().toString()).isEqualTo("example.com/base");
      assertThat(d.imageID().orElseThrow().isFull()).isTrue();
      assertThat(d.labels().get("version")).contains("1.0.0");
    });
    assertThat(Files.readString(rootfs.resolve("etc/shadow"))).isEqualTo("secret");
    assertThat(Files.getAttribute(rootfs.resolve("etc/shadow"), "unix:gid")).isEqualTo(42);
    assertThat(dir.resolve(".jaci/record.jsonl")).isRegularFile();
  }

  @Test
  void nothingChanged_writesOnlyTheRoot() throws Exception {
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs");
    assertThat(c.added() + c.changed() + c.deleted()).isZero();
    assertThat(manifest(c).pathWhitelist().isEmpty()).isTrue();
    assertRoundTrip(c);
  }

  @Test
  void addedFile() throws Exception {
    Files.writeString(rootfs.resolve("etc/new"), "new");
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/new");
    assertThat(c.added()).isEqualTo(1);
    assertRoundTrip(c);
  }

  @Test
  void modifiedWithTheSameSizeAndMtime_isFoundByContent() throws Exception {
    Path same = rootfs.resolve("etc/same");
    Files.writeString(same, "bbbb");
    Files.setLastModifiedTime(same, BASE_TIME);
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/same");
    assertThat(c.changed()).isEqualTo(1);
    assertRoundTrip(c);
  }

  @Test
  void modeChange() throws Exception {
    Files.setAttribute(rootfs.resolve("etc/mode"), "unix:mode", 0600);
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/mode");
    assertThat(c.rootfs().get(2).header().mode()).isEqualTo(0600);
    assertRoundTrip(c);
  }

  @Test
  void ownerChange() throws Exception {
    Files.setAttribute(rootfs.resolve("etc/mode"), "unix:uid", 1000);
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/mode");
    assertThat(c.rootfs().get(2).header().uid()).isEqualTo(1000);
    assertRoundTrip(c);
  }

  @Test
  void deletedFile_isExpressedByAWhitelistOfEveryRemainingPath() throws Exception {
    Files.delete(rootfs.resolve("etc/gone"));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc");
    assertThat(c.deleted()).isEqualTo(1);
    assertThat(manifest(c).pathWhitelist().asList()).containsExactly("/bin", "/bin/one",
        "/bin/tool", "/dev", "/dev/null", "/etc", "/etc/link-a", "/etc/link-b", "/etc/mode",
        "/etc/same", "/etc/shadow", "/etc/xa", "/opt", "/opt/dir", "/opt/dir/x",
        "/opt/dir/y");
    assertRoundTrip(c);
  }

  @Test
  void deletedDirectory() throws Exception {
    Files.delete(rootfs.resolve("opt/dir/x"));
    Files.delete(rootfs.resolve("opt/dir/y"));
    Files.delete(rootfs.resolve("opt/dir"));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/opt");
    assertThat(c.deleted()).isEqualTo(3);
    assertThat(manifest(c).pathWhitelist().asList()).contains("/opt")
        .doesNotContain("/opt/dir", "/opt/dir/x");
    assertRoundTrip(c);
  }

  @Test
  void fileReplacedBySymlink() throws Exception {
    Files.delete(rootfs.resolve("bin/tool"));
    Files.createSymbolicLink(rootfs.resolve("bin/tool"), Path.of("one"));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/bin", "rootfs/bin/tool");
    assertThat(c.deleted()).isZero();
    assertRoundTrip(c);
  }

  @Test
  void newHardLink_writesTheWholeLinkGroup() throws Exception {
    Files.createLink(rootfs.resolve("bin/one-again"), rootfs.resolve("bin/one"));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/bin", "rootfs/bin/one",
        "rootfs/bin/one-again");
    assertRoundTrip(c);
  }

  @Test
  void deletingOneNameOfABaseHardLink_keepsTheOther() throws Exception {
    Files.delete(rootfs.resolve("etc/link-a"));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/link-b");
    assertThat(manifest(c).pathWhitelist().asList()).contains("/etc/link-b")
        .doesNotContain("/etc/link-a");
    assertRoundTrip(c);
  }

  @Test
  void xattrChange() throws Exception {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(rootfs.resolve("etc/xa"),
        UserDefinedFileAttributeView.class);
    view.write("test", ByteBuffer.wrap(new byte[] {1, 2}));
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/etc", "rootfs/etc/xa");
    assertThat(c.rootfs().get(2).header().xattrs()).containsKey("user.test");
    assertRoundTrip(c);
  }

  @Test
  void squash_writesEveryFileWithoutDependencies() throws Exception {
    Files.delete(rootfs.resolve("etc/gone"));
    BegunDirectory.Content c = BegunDirectory.open(dir).squash(null);
    assertThat(names(c)).hasSize(TreeWalk.of(rootfs).size());
    assertThat(manifest(c).dependencies()).isEmpty();
    assertThat(manifest(c).pathWhitelist().isEmpty()).isTrue();
    assertRoundTrip(c);
  }

  @Test
  void baseWithItsOwnDependency_whitelistListsTheWholeRenderedTree() throws Exception {
    ImageId lower = BaseImages.image()
        .dir("rootfs/usr", 0755)
        .file("rootfs/usr/lib.so", 0644, "lib")
        .dir("rootfs/usr/doc", 0755)
        .file("rootfs/usr/doc/readme", 0644, "read me")
        .importInto(store, BaseImages.manifest("example.com/lower", "1.0.0", null));
    ImageId upper = BaseImages.image()
        .dir("rootfs/etc", 0755)
        .file("rootfs/etc/upper", 0644, "upper")
        .importInto(store, BaseImages.manifest("example.com/upper", "1.0.0",
            "[{\"imageName\":\"example.com/lower\",\"imageID\":\"" + lower + "\"}]"));
    AtomicOutputDirectoryCleanup.delete(dir);
    begin(upper);
    Files.delete(rootfs.resolve("usr/doc/readme"));
    Files.writeString(rootfs.resolve("usr/lib.so"), "patched lib");
    BegunDirectory.Content c = diff();
    assertThat(names(c)).containsExactly("rootfs", "rootfs/usr", "rootfs/usr/doc",
        "rootfs/usr/lib.so");
    assertThat(manifest(c).pathWhitelist().asList()).containsExactly("/etc", "/etc/upper",
        "/usr", "/usr/doc", "/usr/lib.so");
    assertRoundTrip(c);
  }
}
