package dev.conifer.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.sync.entry.Blake3;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync.db written by the old rule is re-decided and its current content queued for pinning. */
class SyncDatabaseUpgradeTest {
  private static final long T_US = 1_780_000_000_000_000L;
  @TempDir Path dir;
  private final Signer ns = EntryTest.signer(1);

  private Entry entry(long ts, boolean mergeable) {
    return Entry.sign(
        ns,
        ns.publicKey(),
        "doc".getBytes(StandardCharsets.UTF_8),
        T_US + ts,
        Blake3.hash(new byte[] {(byte) ts}),
        1,
        mergeable,
        null);
  }

  @Test
  void anOrderDependentOldStateIsRedecided() throws Exception {
    Entry m1 = entry(100, true);
    Entry n = entry(150, false);
    Entry m2 = entry(200, true);
    Files.createDirectories(dir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sync.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE entries(id BLOB PRIMARY KEY, ns BLOB NOT NULL, k BLOB NOT NULL,"
              + " ts INTEGER NOT NULL, mergeable INTEGER NOT NULL, state INTEGER NOT NULL,"
              + " beaten_by BLOB, encoded BLOB NOT NULL, local INTEGER NOT NULL DEFAULT 0,"
              + " stored_ms INTEGER NOT NULL DEFAULT 0)");
      // What the old rule left for the arrival order m1, n, m2: only m2 current.
      old(c, m1, 1, n);
      old(c, n, 1, m2);
      old(c, m2, 0, null);
    }

    try (SqliteEntryStore store = new SqliteEntryStore(SyncDatabase.open(dir), 16)) {
      assertThat(store.current(ns.publicKey(), "doc".getBytes(StandardCharsets.UTF_8)))
          .containsExactly(n, m2);
      assertThat(store.pinChanges(10))
          .extracting(EntryStore.PinChange::pinned)
          .containsOnly(true)
          .hasSize(2);
    }
  }

  private static void old(Connection c, Entry e, int state, Entry beatenBy) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO entries(id, ns, k, ts, mergeable, state, beaten_by, encoded)"
                + " VALUES(?,?,?,?,?,?,?,?)")) {
      s.setBytes(1, e.id());
      s.setBytes(2, e.namespace().toBytes());
      s.setBytes(3, e.key());
      s.setLong(4, e.timestampUs());
      s.setInt(5, e.mergeable() ? 1 : 0);
      s.setInt(6, state);
      s.setBytes(7, beatenBy == null ? null : beatenBy.id());
      s.setBytes(8, e.encoded());
      s.executeUpdate();
    }
  }
}
