package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha512Test {
  @Test
  void knownAnswer_abc() {
    // FIPS 180-2, appendix C.1
    Sha512 d = Sha512.create();
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    d.update(abc, 0, abc.length);
    assertThat(HexFormat.of().formatHex(d.digest())).isEqualTo(
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  }

  @Test
  void sameAsTheJdksForOffsetsAndSizesAroundBlockEdges() throws Exception {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    Sha512 ours = Sha512.create();
    MessageDigest jdk = MessageDigest.getInstance("SHA-512");
    int off = 0;
    for (int len : new int[] {0, 1, 127, 128, 129, 65_536, 70_001, 163_000}) {
      ours.update(data, off, len);
      jdk.update(data, off, len);
      off += len;
    }
    assertThat(ours.digest()).isEqualTo(jdk.digest());
  }
}
