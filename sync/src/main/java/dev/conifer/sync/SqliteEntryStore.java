package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link EntryStore} on SQLite: one transaction per insert, the conflict rule applied inside. */
public final class SqliteEntryStore implements EntryStore {
  private static final int CURRENT = 0;
  private static final int SUPERSEDED = 1;
  private final SyncDatabase db;
  private final int auditCountMax;

  /** {@code auditCountMax}: superseded entries kept per (namespace, key), newest first. */
  public SqliteEntryStore(SyncDatabase db, int auditCountMax) {
    this.db = db;
    this.auditCountMax = auditCountMax;
  }

  @Override
  public InsertOutcome insert(Entry entry, boolean local, long storedEpochMs) {
    return db.transaction(c -> insertIn(c, entry, local ? 1 : 0, storedEpochMs));
  }

  @Override
  public List<InsertOutcome> insertAll(List<Entry> entries) {
    return db.transaction(
        c -> {
          List<InsertOutcome> out = new ArrayList<>(entries.size());
          for (Entry e : entries) {
            out.add(insertIn(c, e, 0, 0));
          }
          return out;
        });
  }

  @Override
  public long localWritesSince(long sinceEpochMs) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM entries WHERE local=1 AND stored_ms>?")) {
            s.setLong(1, sinceEpochMs);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? r.getLong(1) : 0L;
            }
          }
        });
  }

  private InsertOutcome insertIn(Connection c, Entry entry, int local, long storedMs)
      throws SQLException {
    if (exists(c, entry.id())) {
      return InsertOutcome.DUPLICATE;
    }
    List<Entry> currents =
        query(
            c,
            "SELECT encoded FROM entries WHERE ns=? AND k=? AND state=0",
            entry.namespace().toBytes(),
            entry.key());
    if (currents.isEmpty()) {
      put(c, entry, CURRENT, null, local, storedMs);
      return InsertOutcome.STORED;
    }
    if (entry.mergeable() && currents.stream().allMatch(Entry::mergeable)) {
      put(c, entry, CURRENT, null, local, storedMs);
      bump(c, "documentsMerged");
      return InsertOutcome.MERGED;
    }
    Entry incumbent = currents.stream().max(ConflictRule.ORDER).orElseThrow();
    bump(c, "conflictsDecided");
    if (ConflictRule.beats(entry, incumbent)) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE entries SET state=1, beaten_by=? WHERE ns=? AND k=? AND state=0")) {
        s.setBytes(1, entry.id());
        s.setBytes(2, entry.namespace().toBytes());
        s.setBytes(3, entry.key());
        s.executeUpdate();
      }
      put(c, entry, CURRENT, null, local, storedMs);
      prune(c, entry);
      return InsertOutcome.STORED;
    }
    put(c, entry, SUPERSEDED, incumbent.id(), local, storedMs);
    prune(c, entry);
    return InsertOutcome.SUPERSEDED_ON_ARRIVAL;
  }

  private void prune(Connection c, Entry entry) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE ns=? AND k=? AND state=1"
                + " ORDER BY ts DESC, id DESC LIMIT -1 OFFSET ?)")) {
      s.setBytes(1, entry.namespace().toBytes());
      s.setBytes(2, entry.key());
      s.setInt(3, auditCountMax);
      s.executeUpdate();
    }
  }

  private static void put(
      Connection c, Entry e, int state, byte[] beatenBy, int local, long storedMs)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO entries(id, ns, k, ts, mergeable, state, beaten_by, encoded, local,"
                + " stored_ms) VALUES(?,?,?,?,?,?,?,?,?,?)")) {
      s.setInt(9, local);
      s.setLong(10, storedMs);
      s.setBytes(1, e.id());
      s.setBytes(2, e.namespace().toBytes());
      s.setBytes(3, e.key());
      s.setLong(4, e.timestampUs());
      s.setInt(5, e.mergeable() ? 1 : 0);
      s.setInt(6, state);
      s.setBytes(7, beatenBy);
      s.setBytes(8, e.encoded());
      s.executeUpdate();
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

  private static boolean exists(Connection c, byte[] id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM entries WHERE id=?")) {
      s.setBytes(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static List<Entry> query(Connection c, String sql, Object... args) throws SQLException {
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

  private static Entry decodeStored(byte[] bytes) {
    try {
      return Entry.decode(bytes);
    } catch (SyncFormatException e) {
      throw new IllegalStateException("stored entry does not decode: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Entry> entry(byte[] id) {
    return db.transaction(
        c -> query(c, "SELECT encoded FROM entries WHERE id=?", (Object) id).stream().findFirst());
  }

  @Override
  public List<Entry> current(PublicKey namespace, byte[] key) {
    List<Entry> out =
        db.transaction(
            c ->
                query(
                    c,
                    "SELECT encoded FROM entries WHERE ns=? AND k=? AND state=0",
                    namespace.toBytes(),
                    key));
    out.sort(ConflictRule.ORDER);
    return out;
  }

  @Override
  public List<Superseded> superseded(PublicKey namespace, byte[] key) {
    return db.transaction(
        c -> {
          List<Superseded> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT e.encoded, b.encoded FROM entries e LEFT JOIN entries b ON b.id = e.beaten_by"
                      + " WHERE e.ns=? AND e.k=? AND e.state=1 ORDER BY e.ts DESC, e.id DESC")) {
            s.setBytes(1, namespace.toBytes());
            s.setBytes(2, key);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                byte[] winner = r.getBytes(2);
                out.add(
                    new Superseded(
                        decodeStored(r.getBytes(1)), winner == null ? null : decodeStored(winner)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<Entry> list(PublicKey namespace, byte[] prefix, int limit) {
    List<Entry> out = new ArrayList<>();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT encoded, k FROM entries WHERE ns=? AND state=0 AND k>=? ORDER BY k, ts")) {
            s.setBytes(1, namespace.toBytes());
            s.setBytes(2, prefix);
            try (ResultSet r = s.executeQuery()) {
              while (r.next() && out.size() < limit) {
                byte[] k = r.getBytes(2);
                if (k.length < prefix.length
                    || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                  break;
                }
                out.add(decodeStored(r.getBytes(1)));
              }
            }
          }
          return null;
        });
    out.sort(Comparator.comparing(Entry::keyString));
    return out;
  }

  @Override
  public ItemSet items(Interest interest) {
    ItemSet.Builder builder = ItemSet.builder();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT ts, id, k FROM entries WHERE ns=? AND state=0 AND ts>=? AND ts<?")) {
            s.setBytes(1, interest.namespace().toBytes());
            s.setLong(2, interest.fromUs());
            s.setLong(3, interest.toUs());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                long ts = r.getLong(1);
                if (interest.matches(interest.namespace(), r.getBytes(3), ts)) {
                  builder.add(ts, r.getBytes(2));
                }
              }
            }
          }
          return null;
        });
    return builder.build();
  }

  @Override
  public long currentCount(PublicKey namespace) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM entries WHERE ns=? AND state=0")) {
            s.setBytes(1, namespace.toBytes());
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? r.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public long conflictsDecided() {
    return counter(db, "conflictsDecided");
  }

  @Override
  public long documentsMerged() {
    return counter(db, "documentsMerged");
  }

  static long counter(SyncDatabase db, String name) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT value FROM counters WHERE name=?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? r.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public void close() {
    db.close();
  }
}
