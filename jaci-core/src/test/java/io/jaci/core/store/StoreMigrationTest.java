package io.jaci.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written by a jaci before fetch (schema 2) gets the verification columns (issue 13). */
class StoreMigrationTest {
  @TempDir Path tmp;

  @Test
  void aSchema2Store_isMigrated_andRecordsVerification() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("store"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("index.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
          + " applied INTEGER NOT NULL)");
      s.execute("CREATE TABLE images (id TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT"
          + " NOT NULL, manifest BLOB NOT NULL, size INTEGER NOT NULL, imported INTEGER NOT"
          + " NULL, last_used INTEGER NOT NULL)");
      s.execute("CREATE INDEX images_name ON images (name)");
      s.execute("CREATE TABLE remotes (url TEXT PRIMARY KEY, etag TEXT, max_age INTEGER,"
          + " blob_id TEXT, fetched INTEGER NOT NULL)");
      s.execute("INSERT INTO schema_migrations VALUES (1, 0), (2, 0)");
    }
    try (ImageStore store = ImageStore.open(root)) {
      StoredImage a = store.importAci(StoreImages.aci(tmp, "example.com/a", "a"),
          ProgressListener.NONE);
      FetchRecords r = store.fetchRecords();
      assertThat(r.verification(a.id())).isEmpty();
      r.verified(a.id(), new FetchRecords.Verification("ab".repeat(20), "example.com"));
      assertThat(r.verification(a.id())).isEqualTo(Optional.of(
          new FetchRecords.Verification("ab".repeat(20), "example.com")));
      r.remember("https://example.com/a.aci", a.id(), Optional.of("\"e\""), Optional.of(60L));
      assertThat(r.remote("https://example.com/a.aci")).get()
          .satisfies(x -> assertThat(x.etag()).hasValue("\"e\""))
          .satisfies(x -> assertThat(x.maxAgeSeconds()).hasValue(60L));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("index.db"));
        Statement s = c.createStatement();
        ResultSet v = s.executeQuery("SELECT max(version) FROM schema_migrations")) {
      assertThat(v.getInt(1)).isEqualTo(3);
    }
  }
}
