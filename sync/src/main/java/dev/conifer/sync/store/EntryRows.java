package dev.conifer.sync.store;

import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.wire.SyncFormatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL behind {@link SqliteEntryStore}: rows of the entries, counters and pin tables. */
final class EntryRows {
  static final int CURRENT = 0;
  static final int SUPERSEDED = 1;

  private EntryRows() {}

  static void put(Connection c, Entry e, int state, byte[] beatenBy, int local, long storedMs)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO entries(id, ns, k, ts, mergeable, state, beaten_by, encoded, local,"
                + " stored_ms, content, kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")) {
      s.setBytes(1, e.id());
      s.setBytes(2, e.namespace().toBytes());
      s.setBytes(3, e.key());
      s.setLong(4, e.timestampUs());
      s.setInt(5, e.mergeable() ? 1 : 0);
      s.setInt(6, state);
      s.setBytes(7, beatenBy);
      s.setBytes(8, e.encoded());
      s.setInt(9, local);
      s.setLong(10, storedMs);
      s.setBytes(11, e.contentHash());
      s.setInt(12, e.kind().ordinal());
      s.executeUpdate();
    }
  }

  static void supersede(Connection c, Entry loser, Entry winner) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE entries SET state=1, beaten_by=? WHERE id=?")) {
      s.setBytes(1, winner.id());
      s.setBytes(2, loser.id());
      s.executeUpdate();
    }
  }

  /** Deletes superseded entries of the key beyond the newest {@code keep}. */
  static void prune(Connection c, Entry entry, int keep) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE ns=? AND k=? AND state=1"
                + " ORDER BY ts DESC, id DESC LIMIT -1 OFFSET ?)")) {
      s.setBytes(1, entry.namespace().toBytes());
      s.setBytes(2, entry.key());
      s.setInt(3, keep);
      s.executeUpdate();
    }
  }

  /** Records that {@code hash} must be pinned (or released) in the blob store. */
  static void pinChange(Connection c, byte[] hash, boolean pinned) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("INSERT OR REPLACE INTO pin_changes(hash, pinned) VALUES(?,?)")) {
      s.setBytes(1, hash);
      s.setInt(2, pinned ? 1 : 0);
      s.executeUpdate();
    }
  }

  /** Whether any current entry (of any namespace) still refers to {@code hash}. */
  static boolean contentReferenced(Connection c, byte[] hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM entries WHERE content=? AND state=0 LIMIT 1")) {
      s.setBytes(1, hash);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  static void bump(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO counters(name, value) VALUES(?, 1)"
                + " ON CONFLICT(name) DO UPDATE SET value = value + 1")) {
      s.setString(1, name);
      s.executeUpdate();
    }
  }

  static long counter(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM counters WHERE name=?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  static boolean exists(Connection c, byte[] id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM entries WHERE id=?")) {
      s.setBytes(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  static long count(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  /** Entries from a query whose first column is the encoded entry. */
  static List<Entry> query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<Entry> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(decodeStored(r.getBytes(1)));
        }
      }
      return out;
    }
  }

  static Entry decodeStored(byte[] bytes) {
    try {
      return Entry.decode(bytes);
    } catch (SyncFormatException e) {
      throw new IllegalStateException("stored entry does not decode: " + e.getMessage(), e);
    }
  }
}
