package io.jaci.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The store's SQLite index (WAL mode). A busy database (another process writing) is waited
 * for and retried, never reported; the schema evolves by numbered migrations recorded in
 * {@code schema_migrations}.
 */
final class StoreIndex implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long RETRY_FOR_MILLIS = 120_000;
  private static final String COLUMNS = "id, manifest, size, imported, last_used";

  /** Migration N (1-based) is element N-1; never edit one that has shipped, add another. */
  private static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          "CREATE TABLE images (id TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL,"
              + " manifest BLOB NOT NULL, size INTEGER NOT NULL, imported INTEGER NOT NULL,"
              + " last_used INTEGER NOT NULL)",
          "CREATE INDEX images_name ON images (name)"),
      List.of(
          "CREATE TABLE remotes (url TEXT PRIMARY KEY, etag TEXT, max_age INTEGER,"
              + " blob_id TEXT, fetched INTEGER NOT NULL)"),
      // the trusted key that verified an image's signature when it was fetched (NULL: never)
      List.of(
          "ALTER TABLE images ADD COLUMN verified_key TEXT",
          "ALTER TABLE images ADD COLUMN verified_prefix TEXT"));

  /** A row of {@code images}. Times are microseconds since the epoch in the database. */
  record Row(ImageId id, byte[] manifest, long size, Instant imported, Instant lastUsed) {}

  private final Connection db;

  /** Loads SQLite's native library (and, with this class, its JSON mapper). */
  static void preload() {
    try {
      org.sqlite.SQLiteJDBCLoader.initialize();
    } catch (Exception e) {
      // opening the store says what is wrong
    }
  }

  private StoreIndex(Connection db) {
    this.db = db;
  }

  /**
   * Opens the index of a store this process may not write: read-only, with no journal or
   * lock files to make. A WAL database can be read so only while another connection keeps
   * its {@code -wal} and {@code -shm} files; otherwise it is opened as immutable, which
   * assumes no one writes it meanwhile (a writer's change may then be missed or fail a read).
   */
  static StoreIndex openReadOnly(Path file) throws JaciException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new JaciException("the image store " + file.getParent() + " has no index ("
          + file.getFileName() + ") and is read-only for this user: give a store you can"
          + " write (--store DIR) to create one");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    String uri = "jdbc:sqlite:file:" + uriPath(file);
    StoreIndex index;
    try {
      index = new StoreIndex(retrying("opening the store index " + file, () -> {
        Connection c = config.createConnection(uri + "?mode=ro");
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT count(*) FROM sqlite_master").close(); // reads the WAL
        } catch (SQLException e) {
          c.close();
          throw e;
        }
        return c;
      }));
    } catch (JaciException e) {
      index = new StoreIndex(retrying("opening the store index " + file, () ->
          config.createConnection(uri + "?mode=ro&immutable=1")));
    }
    try {
      if (!index.schemaIsCurrent()) {
        throw new JaciException("the store index " + file + " has another schema version than"
            + " this jaci's (" + MIGRATIONS.size() + "), and this user may not update it: use"
            + " the jaci that wrote the store, or a store you can write");
      }
    } catch (JaciException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  /** {@code file} as the path of a {@code file:} URI (RFC 3986 escapes where needed). */
  private static String uriPath(Path file) {
    StringBuilder b = new StringBuilder();
    for (byte c : file.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "/-._~".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  static StoreIndex open(Path file) throws JaciException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // WAL with NORMAL never corrupts; a power loss may only drop the last commits (an image
    // whose row is lost is absent, which verify and gc handle); no fsync per last-used stamp
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    Connection c = retrying("opening the store index " + file, () ->
        config.createConnection("jdbc:sqlite:" + file));
    StoreIndex index = new StoreIndex(c);
    try {
      index.migrate();
    } catch (JaciException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  private void migrate() throws JaciException {
    if (schemaIsCurrent()) {
      return; // the usual case: no write transaction (and no lock) just to open the store
    }
    transaction("updating the store index schema", () -> {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            + " applied INTEGER NOT NULL)");
        int current;
        try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
          current = r.getInt(1);
        }
        if (current > MIGRATIONS.size()) {
          throw new SQLException("newer", "NEWER:" + current);
        }
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
          for (String sql : MIGRATIONS.get(v - 1)) {
            s.execute(sql);
          }
          try (PreparedStatement p =
              db.prepareStatement("INSERT INTO schema_migrations VALUES (?, ?)")) {
            p.setInt(1, v);
            p.setLong(2, micros(Instant.now()));
            p.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  /** The schema version this jaci writes. */
  static int schemaVersion() {
    return MIGRATIONS.size();
  }

  synchronized Optional<Row> get(ImageId fullId) throws JaciException {
    List<Row> rows = query("reading the store index",
        "SELECT " + COLUMNS + " FROM images WHERE id = ?", fullId.hex());
    return rows.stream().findFirst();
  }

  /** Images whose ID starts with {@code hex}, at most {@code limit}. */
  synchronized List<Row> withPrefix(String hex, int limit) throws JaciException {
    // hex digits only, so no LIKE wildcards; substr keeps it exact and case-sensitive
    return query("reading the store index", "SELECT " + COLUMNS
        + " FROM images WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT " + limit,
        hex.length(), hex);
  }

  /** Images named {@code name}, newest import first. */
  synchronized List<Row> named(String name) throws JaciException {
    return query("reading the store index", "SELECT " + COLUMNS
        + " FROM images WHERE name = ? ORDER BY imported DESC, rowid DESC", name);
  }

  /** All images, oldest import first. */
  synchronized List<Row> all() throws JaciException {
    return query("reading the store index",
        "SELECT " + COLUMNS + " FROM images ORDER BY imported, rowid");
  }

  /** Adds an image unless it is there; true if added. */
  synchronized boolean insert(ImageId id, String name, Labels labels, byte[] manifest, long size,
      Instant now) throws JaciException {
    return transaction("adding " + id + " to the store index", () -> {
      try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO images"
          + " (id, name, labels, manifest, size, imported, last_used)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        p.setString(1, id.hex());
        p.setString(2, name);
        p.setString(3, labelsJson(labels));
        p.setBytes(4, manifest);
        p.setLong(5, size);
        p.setLong(6, micros(now));
        p.setLong(7, micros(now));
        return p.executeUpdate() == 1;
      }
    });
  }

  /** The {@code blob_id} recorded for {@code url} in {@code remotes}, if any. */
  synchronized Optional<String> remoteBlob(String url) throws JaciException {
    return retrying("reading the store index", () -> {
      try (PreparedStatement p =
          db.prepareStatement("SELECT blob_id FROM remotes WHERE url = ?")) {
        p.setString(1, url);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** Records (or replaces) that {@code url} was fetched as blob {@code blobId}. */
  synchronized void putRemote(String url, String blobId, Instant now) throws JaciException {
    update("recording " + url + " in the store index", "INSERT OR REPLACE INTO remotes"
        + " (url, etag, max_age, blob_id, fetched) VALUES (?, NULL, NULL, ?, ?)", url, blobId,
        micros(now));
  }

  /** A row of {@code remotes}: what a URL gave when last fetched. */
  record Remote(String blobId, String etag, Long maxAgeSeconds, Instant fetched) {}

  synchronized Optional<Remote> remote(String url) throws JaciException {
    return retrying("reading the store index", () -> {
      try (PreparedStatement p = db.prepareStatement(
          "SELECT blob_id, etag, max_age, fetched FROM remotes WHERE url = ?")) {
        p.setString(1, url);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next()) {
            return Optional.<Remote>empty();
          }
          long maxAge = r.getLong(3);
          Long age = r.wasNull() ? null : maxAge;
          return Optional.of(new Remote(r.getString(1), r.getString(2), age,
              instant(r.getLong(4))));
        }
      }
    });
  }

  /** Records (or replaces) what fetching {@code url} gave, with its cache headers. */
  synchronized void putRemote(String url, String blobId, String etag, Long maxAgeSeconds,
      Instant now) throws JaciException {
    update("recording " + url + " in the store index", "INSERT OR REPLACE INTO remotes"
        + " (url, etag, max_age, blob_id, fetched) VALUES (?, ?, ?, ?, ?)", url, etag,
        maxAgeSeconds, blobId, micros(now));
  }

  /** Records the key (fingerprint and prefix) that verified image {@code id}'s signature. */
  synchronized void setVerified(ImageId id, String key, String prefix) throws JaciException {
    update("recording the signature of " + id, "UPDATE images SET verified_key = ?,"
        + " verified_prefix = ? WHERE id = ?", key, prefix, id.hex());
  }

  /** The key and prefix that verified image {@code id}, if any did. */
  synchronized Optional<String[]> verified(ImageId id) throws JaciException {
    return retrying("reading the store index", () -> {
      try (PreparedStatement p = db.prepareStatement(
          "SELECT verified_key, verified_prefix FROM images WHERE id = ?")) {
        p.setString(1, id.hex());
        try (ResultSet r = p.executeQuery()) {
          return r.next() && r.getString(1) != null
              ? Optional.of(new String[] {r.getString(1), r.getString(2)})
              : Optional.<String[]>empty();
        }
      }
    });
  }

  synchronized void delete(ImageId id) throws JaciException {
    update("removing " + id + " from the store index", "DELETE FROM images WHERE id = ?",
        id.hex());
  }

  synchronized void markUsed(ImageId id, Instant when) throws JaciException {
    update("recording the use of " + id, "UPDATE images SET last_used = ? WHERE id = ?",
        micros(when), id.hex());
  }

  private boolean schemaIsCurrent() throws JaciException {
    return retrying("reading the store index schema", () -> {
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
              + " AND name = 'schema_migrations'")) {
        if (r.getInt(1) == 0) {
          return false;
        }
      }
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
        return r.getInt(1) == MIGRATIONS.size();
      }
    });
  }

  /** {@code ok}, or SQLite's description of the damage. */
  synchronized String integrityCheck() throws JaciException {
    return retrying("checking the store index", () -> {
      List<String> lines = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("PRAGMA quick_check")) {
        while (r.next()) {
          lines.add(r.getString(1));
        }
      }
      return String.join("; ", lines);
    });
  }

  private void update(String what, String sql, Object... args) throws JaciException {
    transaction(what, () -> {
      try (PreparedStatement p = db.prepareStatement(sql)) {
        bind(p, args);
        return p.executeUpdate();
      }
    });
  }

  private List<Row> query(String what, String sql, Object... args) throws JaciException {
    return retrying(what, () -> {
      List<Row> rows = new ArrayList<>();
      try (PreparedStatement p = db.prepareStatement(sql)) {
        bind(p, args);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            rows.add(new Row(new ImageId(r.getString(1)), r.getBytes(2), r.getLong(3),
                instant(r.getLong(4)), instant(r.getLong(5))));
          }
        }
      }
      return rows;
    });
  }

  private static void bind(PreparedStatement p, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      p.setObject(i + 1, args[i]);
    }
  }

  private interface Sql<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in an immediate (write) transaction, retried while the database is busy. */
  private <T> T transaction(String what, Sql<T> work) throws JaciException {
    return retrying(what, () -> {
      db.setAutoCommit(false);
      try {
        T result = work.run();
        db.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          db.rollback();
        } catch (SQLException ignored) {
          // no transaction to roll back (BEGIN itself was busy)
        }
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    });
  }

  private static <T> T retrying(String what, Sql<T> work) throws JaciException {
    long deadline = System.currentTimeMillis() + RETRY_FOR_MILLIS;
    long pause = 5;
    while (true) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("NEWER:")) {
          throw new JaciException("the store index has schema version "
              + e.getMessage().substring(6) + ", newer than this jaci knows ("
              + MIGRATIONS.size() + "): use a newer jaci with this store");
        }
        if (!isBusy(e) || System.currentTimeMillis() > deadline) {
          throw new JaciException(what + ": " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JaciException(what + ": interrupted");
      }
      pause = Math.min(pause * 2, 200);
    }
  }

  static boolean isBusy(SQLException e) {
    if (e instanceof SQLiteException s) {
      SQLiteErrorCode code = s.getResultCode();
      return (code.code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code
          || (code.code & 0xff) == SQLiteErrorCode.SQLITE_LOCKED.code;
    }
    String m = e.getMessage();
    return m != null && (m.contains("SQLITE_BUSY") || m.contains("database is locked"));
  }

  static String labelsJson(Labels labels) {
    List<Map<String, String>> list = new ArrayList<>();
    for (Label l : labels.asList()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("name", l.name().value());
      m.put("value", l.value());
      list.add(m);
    }
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException ignored) {
      // nothing is pending: every write commits at once
    }
  }
}
