package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one-read fetch and push (issue 13): the side reader sees every byte the caller reads,
 * in order, plus what the caller left; a side reader that refuses stops the caller; releasing
 * stops the side reader.
 */
class SideReadStreamTest {
  private static byte[] data(int size) {
    byte[] b = new byte[size];
    new Random(7).nextBytes(b);
    return b;
  }

  private static byte[] sha256(InputStream in) throws JaciException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[4093];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
      return md.digest();
    } catch (Exception e) {
      throw new JaciException("side: " + e.getMessage(), e);
    }
  }

  @Test
  void theSideReaderSeesEveryByte_includingThoseTheCallerLeft() throws Exception {
    byte[] all = data(3_000_000);
    SideReadStream<byte[]> s = new SideReadStream<>(new ByteArrayInputStream(all),
        SideReadStreamTest::sha256);
    byte[] buf = new byte[65_537];
    long read = 0;
    while (read < 2_000_000) {
      read += s.read(buf, 0, buf.length);
    }
    s.close(); // as an importer does at the end of the tar: the rest is still read by finish
    assertThat(s.finish()).isEqualTo(sha256(new ByteArrayInputStream(all)));
    s.release();
  }

  @Test
  void aSideReaderThatRefusesEarly_stopsTheCaller_andSaysWhy() throws Exception {
    SideReadStream<byte[]> s = new SideReadStream<>(new ByteArrayInputStream(data(50_000_000)),
        in -> {
          throw new JaciException("key 1234 is not trusted");
        });
    assertThatThrownBy(() -> s.transferTo(java.io.OutputStream.nullOutputStream()))
        .isInstanceOf(IOException.class);
    assertThat(s.refusal()).hasMessage("key 1234 is not trusted");
    s.release();
  }

  @Test
  void release_stopsASideReaderWaitingForBytes() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    SideReadStream<byte[]> s = new SideReadStream<>(new ByteArrayInputStream(data(100)),
        in -> {
          try {
            return sha256(in);
          } finally {
            failed.countDown();
          }
        });
    assertThat(s.read(new byte[10], 0, 10)).isEqualTo(10);
    s.release();
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(s.refusal()).isNull(); // released: the caller's reason counts, not this one
  }
}
