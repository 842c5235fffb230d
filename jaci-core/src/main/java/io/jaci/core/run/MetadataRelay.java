package io.jaci.core.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Timer;
import java.util.TimerTask;

/**
 * The metadata service's relay in a pod network without a route to the host ({@code --net
 * none}): a small JVM started inside the pod's network namespace by {@link
 * MetadataNamespaceRelay} that listens on the namespace's loopback at the service's own port and
 * passes each connection to the service's Unix socket. It prints {@code ready} once listening
 * and exits when its stdin closes (when jaci ends, however it ends).
 *
 * <p>Arguments: {@code PORT SOCKET}.
 */
final class MetadataRelay {
  static final String READY = "ready";

  private MetadataRelay() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path socket = Path.of(args[1]);
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    Thread exitOnEof = new Thread(() -> {
      try {
        System.in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        // stdin is gone either way
      }
      System.exit(0);
    }, "jaci-relay-stdin");
    exitOnEof.setDaemon(true);
    exitOnEof.start();
    Timer deadlines = new Timer("jaci-relay-deadline", true);
    Thread acceptor = new Thread(() -> {
      while (true) {
        try {
          Socket client = server.accept();
          Thread t = new Thread(() -> relay(client, socket, deadlines), "jaci-relay");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "jaci-relay-accept");
    acceptor.start();
    warmUp(port);
    System.out.write((READY + "\n").getBytes(StandardCharsets.US_ASCII));
    System.out.flush();
  }

  /**
   * One request through the whole path before saying ready, so that the apps' first request
   * does not wait for classes to load (the ACE validator gives each request 100 ms).
   */
  private static void warmUp(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /warm-up HTTP/1.0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getInputStream().readAllBytes();
    } catch (IOException e) {
      // a relay that cannot reach the service will say so to the apps' requests
    }
  }

  private static void relay(Socket client, Path socket, Timer deadlines) {
    try (client; SocketChannel service = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      deadlines.schedule(closing(client, service),
          MetadataService.CONNECTION_DEADLINE.toMillis() + 1000);
      service.connect(UnixDomainSocketAddress.of(socket));
      Thread up = new Thread(() -> pump(client, service), "jaci-relay-up");
      up.setDaemon(true);
      up.start();
      client.setTcpNoDelay(true); // pass each piece on at once, not after the client's ACK
      OutputStream out = client.getOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (service.read(buffer) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    } catch (IOException e) {
      // the client or the service went away; the connection ends with it
    }
  }

  private static void pump(Socket client, SocketChannel service) {
    try {
      // ByteBuffers and not Channels streams: those lock the channel while blocked in a read
      InputStream in = client.getInputStream();
      byte[] bytes = new byte[8192];
      for (int n; (n = in.read(bytes)) >= 0; ) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
        while (buffer.hasRemaining()) {
          service.write(buffer);
        }
      }
      service.shutdownOutput();
    } catch (IOException e) {
      // the other direction notices and closes both
    }
  }

  private static TimerTask closing(Closeable... all) {
    return new TimerTask() {
      @Override
      public void run() {
        for (Closeable c : all) {
          try {
            c.close();
          } catch (IOException e) {
            // closing to give up on it
          }
        }
      }
    };
  }
}
