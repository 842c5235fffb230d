package io.jaci.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeScannerTest {
  @TempDir
  Path dir;

  private Map<String, TarHeader> scan(List<String> warnings) throws IOException {
    return TreeScanner.scan(dir, "rootfs", warnings::add).files().stream()
        .map(ScannedFile::header)
        .collect(Collectors.toMap(TarHeader::name, Function.identity()));
  }

  @Test
  void sortsChildrenByName_parentsFirst() throws IOException {
    for (String name : List.of("b/z", "b/a", "a", "B", "c/d/e")) {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, name);
    }
    List<String> names = TreeScanner.scan(dir, "rootfs", w -> {}).files().stream()
        .map(f -> f.header().name()).toList();
    assertThat(names).containsExactly("rootfs", "rootfs/B", "rootfs/a", "rootfs/b",
        "rootfs/b/a", "rootfs/b/z", "rootfs/c", "rootfs/c/d", "rootfs/c/d/e");
  }

  @Test
  void keepsModesSymlinksHardLinksAndMtimes() throws Exception {
    Path tool = dir.resolve("tool");
    Files.writeString(tool, "x");
    assertThat(new ProcessBuilder("chmod", "4755", tool.toString()).start().waitFor()).isZero();
    Files.setLastModifiedTime(tool, FileTime.fromMillis(1_234_567_890_999L));
    Files.createLink(dir.resolve("zz-tool-again"), tool);
    Files.createSymbolicLink(dir.resolve("link"), Path.of("../outside/target"));
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    new ProcessBuilder("chmod", "1777", tmp.toString()).start().onExit().join();
    Map<String, TarHeader> h = scan(new ArrayList<>());
    assertThat(h.get("rootfs/tool").type()).isEqualTo(TarEntryType.REGULAR);
    assertThat(h.get("rootfs/tool").mode()).isEqualTo(04755);
    assertThat(h.get("rootfs/tool").mtime()).isEqualTo(1_234_567_890L);
    assertThat(h.get("rootfs/zz-tool-again").type()).isEqualTo(TarEntryType.HARD_LINK);
    assertThat(h.get("rootfs/zz-tool-again").linkName()).isEqualTo("rootfs/tool");
    assertThat(h.get("rootfs/link").type()).isEqualTo(TarEntryType.SYMLINK);
    assertThat(h.get("rootfs/link").linkName()).isEqualTo("../outside/target");
    assertThat(h.get("rootfs/tmp").mode()).isEqualTo(01777);
  }

  @Test
  void keepsFifos_skipsSocketsWithAWarning() throws Exception {
    Process p = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
    assertThat(p.waitFor()).isZero();
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(dir.resolve("sock")));
      List<String> warnings = new ArrayList<>();
      Map<String, TarHeader> h = scan(warnings);
      assertThat(h.get("rootfs/pipe").type()).isEqualTo(TarEntryType.FIFO);
      assertThat(h).doesNotContainKey("rootfs/sock");
      assertThat(warnings).singleElement().asString().contains("socket rootfs/sock");
    }
  }

  @Test
  void keepsDeviceNumbers_whenRootCanMakeDevices() throws Exception {
    Process p = new ProcessBuilder("mknod", dir.resolve("null").toString(), "c", "1", "3")
        .redirectErrorStream(true).start();
    assumeThat(p.waitFor()).as("mknod needs root; skipped as a normal user").isZero();
    Map<String, TarHeader> h = scan(new ArrayList<>());
    assertThat(h.get("rootfs/null").type()).isEqualTo(TarEntryType.CHAR_DEVICE);
    assertThat(h.get("rootfs/null").devMajor()).isEqualTo(1);
    assertThat(h.get("rootfs/null").devMinor()).isEqualTo(3);
  }

  @Test
  void readsExtendedAttributes_whereTheFileSystemHasThem() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Process p = new ProcessBuilder("setfattr", "-n", "user.jaci", "-v", "0x00ff10", f.toString())
        .redirectErrorStream(true).start();
    assumeThat(p.waitFor()).as("setfattr (package attr) and a file system with user xattrs")
        .isZero();
    TarHeader h = scan(new ArrayList<>()).get("rootfs/f");
    assertThat(h.xattrs()).containsKey("user.jaci");
    assertThat(h.xattrs().get("user.jaci")).containsExactly(0x00, 0xff, 0x10);
  }
}
