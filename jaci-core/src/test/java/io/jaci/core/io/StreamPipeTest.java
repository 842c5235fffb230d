package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamPipeTest {
  @Test
  void everyByteArrives_inOrder() throws Exception {
    byte[] data = new byte[3 * (1 << 20) + 12345];
    new Random(1).nextBytes(data);
    byte[] read = StreamPipe.run("test", out -> {
      out.write(data, 0, 100);
      out.write(data[100]);
      out.write(data, 101, data.length - 101);
    }, in -> in.readAllBytes());
    assertThat(read).isEqualTo(data);
  }

  @Test
  void failingProducer_isNeverACleanEnd_andItsErrorIsReported() {
    boolean[] consumerSawFailure = {false};
    assertThatThrownBy(() -> StreamPipe.run("test", out -> {
      out.write(new byte[1000]);
      throw new JaciException("layer 2: does not match its digest");
    }, in -> {
      try {
        return in.readAllBytes();
      } catch (IOException e) {
        consumerSawFailure[0] = true;
        throw e;
      }
    })).isInstanceOf(JaciException.class).hasMessage("layer 2: does not match its digest");
    assertThat(consumerSawFailure[0]).isTrue();
  }

  @Test
  void consumerGivingUp_releasesAProducerThatWritesMore() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> StreamPipe.run("test", out -> {
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 1000; i++) {
        out.write(chunk);
      }
    }, in -> {
      in.readNBytes(10);
      throw new JaciException("not an ACI");
    })).hasMessage("not an ACI");
    assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
  }
}
