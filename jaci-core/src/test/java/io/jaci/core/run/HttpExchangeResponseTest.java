package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpExchangeResponseTest {
  @Test
  void bytesAreTheHeadFollowedByTheBodyForOneWrite() {
    var response = HttpExchange.Response.json("{\"a\":1}".getBytes(StandardCharsets.US_ASCII));

    String all = new String(response.bytes(), StandardCharsets.US_ASCII);

    assertThat(all).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(all).contains("Content-Length: 7\r\n");
    assertThat(all).endsWith("\r\n\r\n{\"a\":1}");
    assertThat(all.indexOf("\r\n\r\n")).isEqualTo(all.length() - 7 - 4);
  }
}
