package io.jaci.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRecordTest {
  private static final ImageId BASE = ImageId.parse("sha512-" + "0f".repeat(64));

  @TempDir Path tmp;

  private static BuildRecord sample() {
    TreeMap<String, byte[]> cap = new TreeMap<>();
    cap.put("security.capability", new byte[] {1, 2, 3});
    TarHeader ping = new TarHeader("bin/ping", TarEntryType.REGULAR, 04755, 0, 0, 5, 100, "",
        0, 0, cap);
    TarHeader devNull = new TarHeader("dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
        100, "", 1, 3, null);
    TarHeader link = new TarHeader("bin/ping6", TarEntryType.HARD_LINK, 04755, 0, 0, 0, 100,
        "bin/ping", 0, 0, null);
    Map<String, RecordEntry> entries = new LinkedHashMap<>();
    entries.put("bin/ping", new RecordEntry(ping, "ab".repeat(64),
        new RecordEntry.LaidDown(false, 1000, 1000, 04755, new TreeMap<>())));
    entries.put("bin/ping6", new RecordEntry(link, null, RecordEntry.LaidDown.as(link)));
    entries.put("dev/null", new RecordEntry(devNull, null, RecordEntry.LaidDown.absent(devNull)));
    return new BuildRecord(BASE, entries);
  }

  @Test
  void writesOneJsonLinePerPath_afterAHeaderNamingTheBase() throws Exception {
    Path file = tmp.resolve(".jaci/record.jsonl");
    sample().write(file);
    assertThat(Files.readAllLines(file)).containsExactly(
        "{\"record\":\"jaci-begin\",\"version\":1,\"base\":\"" + BASE + "\"}",
        "{\"path\":\"/bin/ping\",\"type\":\"file\",\"mode\":\"4755\",\"uid\":0,\"gid\":0,"
            + "\"size\":5,\"mtime\":100,\"xattrs\":{\"security.capability\":\"AQID\"},"
            + "\"sha512\":\"" + "ab".repeat(64) + "\","
            + "\"laidDown\":{\"uid\":1000,\"gid\":1000,\"xattrs\":{}}}",
        "{\"path\":\"/bin/ping6\",\"type\":\"hardlink\",\"mode\":\"4755\",\"uid\":0,\"gid\":0,"
            + "\"mtime\":100,\"link\":\"/bin/ping\"}",
        "{\"path\":\"/dev/null\",\"type\":\"char\",\"mode\":\"0666\",\"uid\":0,\"gid\":0,"
            + "\"mtime\":100,\"major\":1,\"minor\":3,\"laidDown\":{\"absent\":true}}");
  }

  @Test
  void readsWhatItWrote() throws Exception {
    Path file = tmp.resolve("record.jsonl");
    sample().write(file);
    List<String> written = Files.readAllLines(file);
    BuildRecord read = BuildRecord.read(file);
    assertThat(read.base()).isEqualTo(BASE);
    assertThat(read.entries().keySet()).containsExactly("bin/ping", "bin/ping6", "dev/null");
    assertThat(read.entries().get("bin/ping").laidDown().uid()).isEqualTo(1000);
    assertThat(read.entries().get("bin/ping").image().xattrs().get("security.capability"))
        .containsExactly(1, 2, 3);
    assertThat(read.entries().get("dev/null").laidDown().absent()).isTrue();
    Path again = tmp.resolve("again.jsonl");
    read.write(again);
    assertThat(Files.readAllLines(again)).isEqualTo(written);
  }

  @Test
  void aDamagedRecord_isOneLineSayingWhatToDo() throws Exception {
    Path file = tmp.resolve("record.jsonl");
    sample().write(file);
    Files.writeString(file, "{\"path\":\"/x\"}\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> BuildRecord.read(file)).isInstanceOf(JaciException.class)
        .hasMessageContaining("line 5").hasMessageContaining("jaci begin");
  }
}
