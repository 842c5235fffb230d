package io.jaci.core.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP port in front of the JDK's test HttpServer that answers a TLS ClientHello the
 * way real servers do (nginx and jaci serve send 400 and close at once): the JDK's server
 * waits for the end of a request line that never comes, so every HTTPS-first attempt of
 * discovery cost a whole timeout (issue 13: FetchTest and FetchIT took minutes). Every other
 * connection is piped to the server unchanged, a close or break passed on. A silent front
 * answers no ClientHello, as the JDK's server alone (or a firewall) does, and counts them.
 */
final class TlsRefusingFront implements AutoCloseable {
  /** The first byte of a TLS record carrying a handshake message. */
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket listener;
  private final int backend;
  private final boolean silent;
  private final AtomicInteger hellos = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tls-refusing-front");
    t.setDaemon(true);
    return t;
  });

  TlsRefusingFront(int backendPort, boolean silent) throws IOException {
    this.backend = backendPort;
    this.silent = silent;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    pool.execute(this::acceptAll);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** How many TLS ClientHellos came in. */
  int hellos() {
    return hellos.get();
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        pool.execute(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == TLS_HANDSHAKE) {
        hellos.incrementAndGet();
        if (silent) {
          in.transferTo(OutputStream.nullOutputStream()); // until the client gives up
          return;
        }
        client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      try (Socket server = new Socket(InetAddress.getLoopbackAddress(), backend)) {
        server.getOutputStream().write(first);
        pool.execute(() -> pipe(in, server));
        pipe(server.getInputStream(), client);
      }
    } catch (IOException dropped) {
      // the client or the server went away: the sockets are closed
    }
  }

  /** Copies until the end, then ends the other side's output (a break closes it). */
  private static void pipe(InputStream from, Socket to) {
    try {
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[1 << 16];
      for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        to.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing only
    }
    pool.shutdownNow();
  }
}
