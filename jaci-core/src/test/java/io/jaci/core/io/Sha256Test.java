package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SHA-256 against the FIPS 180-2 test vectors, whole and fed in pieces at offsets. */
class Sha256Test {
  @Test
  void abc() {
    Sha256 sha = Sha256.create();
    sha.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
    assertThat(HexFormat.of().formatHex(sha.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void millionAs_inPiecesAtOffsets() {
    byte[] buffer = new byte[1000 + 7];
    java.util.Arrays.fill(buffer, (byte) 'a');
    Sha256 sha = Sha256.create();
    for (int i = 0; i < 1000; i++) {
      sha.update(buffer, 7, 1000);
    }
    assertThat(HexFormat.of().formatHex(sha.digest()))
        .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}
