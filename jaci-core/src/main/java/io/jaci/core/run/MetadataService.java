package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.run.HttpExchange.Refused;
import io.jaci.core.run.HttpExchange.Response;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
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
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The appc metadata service of one pod: an HTTP server whose URL, with a secret token in its
 * path, the apps get as {@code AC_METADATA_URL}.
 *
 * <p>Reaching it from the apps: with {@code --net host} the loopback URL {@link #url()} works as
 * it is. In a private network made by slirp4netns with host loopback allowed, the host's
 * loopback is {@code 10.0.2.2} inside the pod, so the apps use {@link #url(String)
 * url("10.0.2.2")}. In a network namespace without a route to the host ({@code --net none}), an
 * in-namespace relay connects to {@link #listenOnUnixSocket(Path)}.
 *
 * <p>It answers one request per connection and closes it. Every connection has a deadline of
 * {@link #CONNECTION_DEADLINE} for reading the request and writing the answer, so slow or
 * silent clients cannot hold it; at most {@link #MAX_CONNECTIONS} are served at once, further
 * ones are closed at once. This is why it is not the JDK's {@code HttpServer}: that server's
 * time limits are JVM-wide system properties that are read once.
 */
public final class MetadataService implements Closeable {
  /** How long a client has to send its request and take the answer. */
  public static final Duration CONNECTION_DEADLINE = Duration.ofSeconds(3);

  /** How many connections are served at once. */
  public static final int MAX_CONNECTIONS = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A made-up pod whose answers warm the code up (see {@link #bind}). */
  private static final PodMetadata WARM_UP_POD = new PodMetadata(new UUID(0, 0),
      Annotations.empty(), List.of(new AppMetadata(AcName.parse("warm-up"),
          "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
              + "\"name\":\"example.com/warm-up\"}", Optional.empty(), Annotations.empty())));

  private final PodHmacKey key;
  private final String token;
  private volatile MetadataRoutes routes;
  private final ServerSocket tcp;
  private final List<Closeable> listeners = new CopyOnWriteArrayList<>();
  private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
  private final ExecutorService workers;
  private final ScheduledExecutorService deadlines;
  private volatile boolean closed;

  private MetadataService(PodHmacKey key, String token, ServerSocket tcp) {
    this.key = key;
    this.token = token;
    this.tcp = tcp;
    this.workers =
        new ThreadPoolExecutor(
            2, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            daemon("jaci-metadata"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, daemon("jaci-metadata-deadline"));
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = timer;
    listeners.add(tcp);
  }

  /**
   * Starts the service of {@code pod} on the loopback address, on a free port.
   *
   * @throws JaciException if no port can be bound
   */
  public static MetadataService start(PodMetadata pod, PodHmacKey key) throws JaciException {
    MetadataService service = bind(key, InetAddress.getLoopbackAddress());
    service.serve(pod);
    return service;
  }

  /**
   * Starts the service of {@code pod} on {@code address}, on a free port.
   *
   * @throws JaciException if no port can be bound there
   */
  public static MetadataService start(PodMetadata pod, PodHmacKey key, InetAddress address)
      throws JaciException {
    MetadataService service = bind(key, address);
    service.serve(pod);
    return service;
  }

  /**
   * Listens on {@code address} (a free port) and knows its {@link #url()}, but answers 503
   * until {@link #serve(PodMetadata)}: for an executor that must put the URL into the apps'
   * environment before it knows all of the pod.
   *
   * @throws JaciException if no port can be bound there
   */
  public static MetadataService bind(PodHmacKey key, InetAddress address) throws JaciException {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(address, 0), 64);
    } catch (IOException e) {
      throw new JaciException("cannot start the metadata service on "
          + address.getHostAddress() + ": " + e.getMessage(), e);
    }
    MetadataService service = new MetadataService(key, token, socket);
    service.acceptOn("tcp", () -> {
      Socket accepted = socket.accept();
      accepted.setTcpNoDelay(true); // answers are one write; send it at once
      return new SocketConnection(accepted);
    });
    service.warmUpSocketPath();
    // every kind of answer once for a made-up pod, so that serve() finds the code warm: a
    // caller that binds early (jaci run, on a second thread) keeps that off the pod's start
    new MetadataRoutes(WARM_UP_POD, key, token).warmUp();
    return service;
  }

  /**
   * Serves {@code pod} from now on.
   *
   * @throws IllegalArgumentException if an app's image manifest is not a JSON object
   */
  public void serve(PodMetadata pod) {
    MetadataRoutes served = new MetadataRoutes(pod, key, token);
    served.warmUp(); // quick: bind() warmed the same code up
    routes = served;
  }

  /**
   * One request through the socket, the reader and a worker before any app asks: the ACE
   * validator gives each request 100 ms, which a cold JVM on a loaded machine can miss.
   */
  private void warmUpSocketPath() {
    try (Socket s = new Socket(tcp.getInetAddress(), port())) {
      s.setSoTimeout((int) CONNECTION_DEADLINE.toMillis());
      s.getOutputStream().write("GET /warm-up HTTP/1.0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getInputStream().readAllBytes();
    } catch (IOException e) {
      // only the first app request pays for it
    }
  }

  /** The port the service listens on. */
  public int port() {
    return tcp.getLocalPort();
  }

  /** {@code AC_METADATA_URL} for apps that reach the service at its own address. */
  public String url() {
    return url(tcp.getInetAddress().getHostAddress());
  }

  /**
   * {@code AC_METADATA_URL} for apps that reach this service's port at {@code host}, e.g.
   * {@code 10.0.2.2} from a slirp4netns network, or {@code 127.0.0.1} through a relay.
   */
  public String url(String host) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/" + token;
  }

  /**
   * Also serves on a new Unix domain socket at {@code path}, for a relay that runs inside a
   * network namespace without a route to this one. The socket is made owner-only after binding;
   * put it in a directory only the owner can enter so that nobody can connect before that.
   *
   * @throws JaciException if the socket cannot be made
   */
  public void listenOnUnixSocket(Path path) throws JaciException {
    try {
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(path), 64);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      listeners.add(channel);
      acceptOn("unix", () -> new ChannelConnection(channel.accept()));
    } catch (IOException | UnsupportedOperationException e) {
      throw new JaciException(
          "cannot start the metadata service on the socket " + path + ": " + e.getMessage(), e);
    }
  }

  /** Stops listening and drops the connections being served. */
  @Override
  public void close() {
    closed = true;
    for (Closeable listener : listeners) {
      closeQuietly(listener);
    }
    workers.shutdownNow();
    deadlines.shutdownNow();
    // the JDK releases a socket that a thread is blocked accepting on only as that thread
    // leaves accept(): wait for it, so that the port is free when close() returns
    for (Thread acceptor : acceptors) {
      try {
        acceptor.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private interface Acceptor {
    Connection accept() throws IOException;
  }

  private interface Connection extends Closeable {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;
  }

  private record SocketConnection(Socket socket) implements Connection {
    public InputStream in() throws IOException {
      return socket.getInputStream();
    }

    public OutputStream out() throws IOException {
      return socket.getOutputStream();
    }

    public void close() throws IOException {
      socket.close();
    }
  }

  private record ChannelConnection(SocketChannel channel) implements Connection {
    public InputStream in() {
      return Channels.newInputStream(channel);
    }

    public OutputStream out() {
      return Channels.newOutputStream(channel);
    }

    public void close() throws IOException {
      channel.close();
    }
  }

  private void acceptOn(String kind, Acceptor acceptor) {
    Thread thread = new Thread(() -> acceptLoop(acceptor), "jaci-metadata-accept-" + kind);
    thread.setDaemon(true);
    acceptors.add(thread);
    thread.start();
  }

  private void acceptLoop(Acceptor acceptor) {
    while (!closed) {
      Connection connection;
      try {
        connection = acceptor.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a connection that failed while being accepted
      }
      try {
        workers.execute(() -> serve(connection));
      } catch (RejectedExecutionException e) {
        closeQuietly(connection); // busy: the client may retry
      }
    }
  }

  private void serve(Connection connection) {
    var deadline =
        deadlines.schedule(
            () -> closeQuietly(connection), CONNECTION_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    try (connection) {
      Response response;
      try {
        var request = HttpRequestReader.read(connection.in());
        MetadataRoutes current = routes;
        response = current == null
            ? Response.error(503, "the pod is not ready yet; try again")
            : current.respond(request);
      } catch (Refused refused) {
        response = refused.response();
      }
      OutputStream out = connection.out();
      out.write(response.bytes());
      out.flush();
    } catch (IOException e) {
      // the client went away or ran out of time; nothing to tell it
    } finally {
      deadline.cancel(false);
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing to give up on it: nothing left to do
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "metadata service on port " + port();
  }
}
