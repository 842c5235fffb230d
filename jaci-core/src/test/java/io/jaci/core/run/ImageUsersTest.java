package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * aci.md, app user/group: names from the image's /etc/passwd and /etc/group first, then
 * numbers, and "/path" for that file's owner; plus hostile images.
 */
class ImageUsersTest {
  @TempDir Path tmp;
  Path root;

  private static final String PASSWD = String.join("\n",
      "root:x:0:0:root:/root:/bin/sh",
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
      "www:x:33:33:www:/var/www:/bin/false",
      "1000:x:2000:2000:numeric name:/:/bin/sh",
      "broken line without fields",
      "bad:x:notanumber:0::/:",
      "www:x:99:99:second www is ignored:/:/bin/sh",
      "");
  private static final String GROUP = String.join("\n",
      "root:x:0:",
      "daemon:x:1:www",
      "www:x:33:",
      "adm:x:4:root,www",
      "video:x:44:daemon,www,other",
      "staff:x:50:",
      "");

  @BeforeEach
  void image() throws IOException {
    root = Files.createDirectory(tmp.resolve("rootfs"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), PASSWD);
    Files.writeString(root.resolve("etc/group"), GROUP);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // user | group | uid | gid
      "root   | root   | 0    | 0",
      "www    | www    | 33   | 33",
      "www    | 0      | 33   | 0",
      "0      | adm    | 0    | 4",
      "4242   | 4343   | 4242 | 4343",
      // all-numeric name: "first resolved using the image's own /etc/passwd"
      "1000   | 1000   | 2000 | 1000",
      "4294967294 | 0  | 4294967294 | 0"})
  void resolve_namesThenNumbers(String user, String group, long uid, long gid) throws Exception {
    AppIdentity id = ImageUsers.read(root).resolve(user, group, List.of());
    assertThat(id.uid()).isEqualTo(uid);
    assertThat(id.gid()).isEqualTo(gid);
  }

  @Test
  void resolve_supplementaryGids_thenTheUsersGroupMemberships() throws Exception {
    AppIdentity id = ImageUsers.read(root).resolve("www", "www", List.of(50, 4));
    // 50 and 4 as given; then daemon (1) and video (44) list www; adm (4) is already there.
    assertThat(id.additionalGids()).containsExactly(50L, 4L, 1L, 44L);
  }

  @Test
  void resolve_numericUser_getsTheMembershipsOfItsPasswdName() throws Exception {
    AppIdentity id = ImageUsers.read(root).resolve("33", "33", List.of());
    assertThat(id.additionalGids()).containsExactly(1L, 4L, 44L);
  }

  @Test
  void resolve_membershipInThePrimaryGroup_isNotRepeated() throws Exception {
    AppIdentity id = ImageUsers.read(root).resolve("www", "adm", List.of());
    assertThat(id.additionalGids()).containsExactly(1L, 44L);
  }

  @Test
  void resolve_crlfLines() throws Exception {
    Files.writeString(root.resolve("etc/passwd"), "svc:x:70:70::/:/bin/sh\r\n");
    Files.writeString(root.resolve("etc/group"), "svc:x:70:\r\nextra:x:71:svc\r\n");
    assertThat(ImageUsers.read(root).resolve("svc", "svc", List.of()))
        .isEqualTo(new AppIdentity(70, 70, List.of(71L)));
  }

  @Test
  void resolve_pathMeansThatFilesOwner() throws Exception {
    Path ping = Files.createDirectories(root.resolve("usr/bin")).resolve("ping");
    Files.writeString(ping, "");
    long uid = ((Number) Files.getAttribute(ping, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(ping, "unix:gid")).longValue();
    AppIdentity id = ImageUsers.read(root).resolve("/usr/bin/ping", "/usr/bin/ping", List.of());
    assertThat(id.uid()).isEqualTo(uid);
    assertThat(id.gid()).isEqualTo(gid);
  }

  @Test
  void resolve_missingPath_isOneLine() throws Exception {
    assertThatThrownBy(() -> ImageUsers.read(root).resolve("/bin/nothing", "0", List.of()))
        .isInstanceOf(JaciException.class)
        .hasMessage("app user \"/bin/nothing\": no such file in the image (a user starting with"
            + " / means that file's owner)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nobody | 0      | app user \"nobody\": not in the image's /etc/passwd; give a number (e.g. --user 0) or a name the image defines",
      "0      | wheel  | app group \"wheel\": not in the image's /etc/group; give a number (e.g. --group 0) or a name the image defines",
      "-1     | 0      | app user \"-1\": not in the image's /etc/passwd",
      "4294967295 | 0  | app user \"4294967295\": not in the image's /etc/passwd"})
  void resolve_unknownName_isOneLine(String user, String group, String message) {
    assertThatThrownBy(() -> ImageUsers.read(root).resolve(user, group, List.of()))
        .isInstanceOf(JaciException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void imageWithoutPasswd_resolvesNumbers_andSaysWhyNamesFail() throws Exception {
    Files.delete(root.resolve("etc/passwd"));
    Files.delete(root.resolve("etc/group"));
    ImageUsers users = ImageUsers.read(root);
    assertThat(users.resolve("0", "0", List.of(7))).isEqualTo(new AppIdentity(0, 0, List.of(7L)));
    assertThatThrownBy(() -> users.resolve("root", "0", List.of()))
        .hasMessageStartingWith("app user \"root\": the image has no /etc/passwd; give a number");
  }

  @Test
  void hostile_passwdLinkedToTheHostsShadow_readsTheImagesOwnFile() throws Exception {
    // etc/passwd -> /etc/shadow must mean the image's /etc/shadow, never the host's.
    Files.delete(root.resolve("etc/passwd"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/shadow"));
    Files.writeString(root.resolve("etc/shadow"), "fromimage:x:77:77::/:/bin/sh\n");
    assertThat(ImageUsers.read(root).resolve("fromimage", "0", List.of()).uid()).isEqualTo(77);
    Files.delete(root.resolve("etc/shadow"));
    // Dangling inside the image: as if there were no /etc/passwd.
    assertThatThrownBy(() -> ImageUsers.read(root).resolve("root", "0", List.of()))
        .hasMessageStartingWith("app user \"root\": the image has no /etc/passwd");
  }

  @Test
  void hostile_passwdLinkedOutThroughDotDot_staysInTheImage() throws Exception {
    Files.delete(root.resolve("etc/passwd"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../../../etc/passwd"));
    // Resolves to the image's own /etc/passwd again: a loop, reported, not followed out.
    assertThatThrownBy(() -> ImageUsers.read(root))
        .isInstanceOf(JaciException.class)
        .hasMessage("reading the image's /etc/passwd: /etc/passwd: more than 40 symbolic links "
            + "(a loop?) in the image");
  }

  @Test
  void hostile_hugePasswd_isRefused() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(root.resolve("etc/passwd").toFile(), "rw")) {
      f.setLength(ImageUsers.MAX_FILE_BYTES + 1); // sparse
    }
    assertThatThrownBy(() -> ImageUsers.read(root))
        .isInstanceOf(JaciException.class)
        .hasMessage("the image's /etc/passwd is larger than 4 MiB; fix the image or give the "
            + "user and group as numbers");
  }

  @Test
  void hostile_groupIsADirectory_isRefused() throws Exception {
    Files.delete(root.resolve("etc/group"));
    Files.createDirectory(root.resolve("etc/group"));
    assertThatThrownBy(() -> ImageUsers.read(root))
        .hasMessage("the image's /etc/group is not a regular file; fix the image or give the "
            + "user and group as numbers");
  }
}
