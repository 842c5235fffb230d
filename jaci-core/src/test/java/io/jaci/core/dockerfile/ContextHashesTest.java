package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content hashes of the build context kept in the store between builds (issue 12, Speed:
 * a rebuild with nothing changed must not read a 100 MB context again). Content stays the
 * key: a kept hash is used only while the file keeps the inode and ctime it had when hashed.
 */
class ContextHashesTest {
  @TempDir Path tmp;
  private Path store;
  private Path context;
  private Path file;

  @BeforeEach
  void context() throws Exception {
    store = Files.createDirectories(tmp.resolve("store"));
    context = Files.createDirectories(tmp.resolve("ctx"));
    file = context.resolve("a.txt");
    Files.writeString(file, "aaaa");
    Thread.sleep(300); // a stamp vouches only for a ctime older than a margin
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Path keptFile() throws Exception {
    try (Stream<Path> s = Files.list(store.resolve("dockerfile-context"))) {
      return s.filter(p -> !p.getFileName().toString().contains(".tmp")).findFirst()
          .orElseThrow();
    }
  }

  private String hashNow() throws Exception {
    ContextHashes h = ContextHashes.load(store, context);
    String sha = h.sha256(file, Files.size(file));
    h.save();
    return sha;
  }

  @Test
  void keptHash_standsWhileTheFileKeepsItsStamp_andIsTakenAgainWhenItMoves() throws Exception {
    assertThat(hashNow()).isEqualTo(sha256("aaaa"));
    // a kept hash that is not the content's: used as long as the file was not written
    Path kept = keptFile();
    Files.writeString(kept, Files.readString(kept).replace(sha256("aaaa"), "ff".repeat(32)));
    assertThat(hashNow()).as("the file was not read").isEqualTo("ff".repeat(32));

    FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "bbbb"); // same size, mtime put back: only the ctime moved
    Files.setLastModifiedTime(file, mtime);
    assertThat(hashNow()).isEqualTo(sha256("bbbb"));
  }

  @Test
  void aLookupWithNothingNew_writesNothing() throws Exception {
    hashNow();
    Path kept = keptFile();
    byte[] before = Files.readAllBytes(kept);
    FileTime written = Files.getLastModifiedTime(kept);
    Thread.sleep(20);
    hashNow();
    assertThat(Files.readAllBytes(kept)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(kept)).isEqualTo(written);
    try (Stream<Path> s = Files.list(kept.getParent())) {
      assertThat(s.toList()).containsExactly(kept);
    }
  }

  @Test
  void aFileWrittenJustNow_isHashedEveryTime_andNotKept() throws Exception {
    Files.writeString(file, "cccc");
    assertThat(hashNow()).isEqualTo(sha256("cccc"));
    assertThat(store.resolve("dockerfile-context")).doesNotExist();
  }

  @Test
  void aDamagedFile_isIgnored() throws Exception {
    hashNow();
    Files.writeString(keptFile(), "not a line of hashes\n\u0000");
    assertThat(hashNow()).isEqualTo(sha256("aaaa"));
  }

  @Test
  void copyPlanHash_isTheSameWithKeptHashes_andForACopyOfTheContextWithOtherTimes()
      throws Exception {
    BuildContext ctx = BuildContext.of(context, IgnorePatterns.NONE);
    CopyPlan plan = CopyPlan.of(ctx, List.of("."), "/app/", "/", List.of(), false, p -> false);
    String plain = plan.hash();
    ContextHashes kept = ContextHashes.load(store, context);
    assertThat(plan.hash(kept)).isEqualTo(plain);
    kept.save();
    assertThat(plan.hash(ContextHashes.load(store, context))).isEqualTo(plain);

    Path clone = Files.createDirectories(tmp.resolve("clone"));
    Files.writeString(clone.resolve("a.txt"), "aaaa");
    Files.setLastModifiedTime(clone.resolve("a.txt"), FileTime.fromMillis(0));
    CopyPlan other = CopyPlan.of(BuildContext.of(clone, IgnorePatterns.NONE), List.of("."),
        "/app/", "/", List.of(), false, p -> false);
    assertThat(other.hash(ContextHashes.load(store, clone))).isEqualTo(plain);
  }
}
