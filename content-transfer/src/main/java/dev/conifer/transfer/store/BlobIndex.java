package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.GroupRanges;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite index (WAL, synchronous=FULL): one row per blob (size, state, ranges present, last
 * access), one per pin, and one per described blob (content type, file name). Every method is one
 * transaction. Callers serialize access. The schema's version is SQLite's {@code user_version}; an
 * older index is migrated when opened.
 */
final class BlobIndex implements AutoCloseable {
  private final Connection db;

  /** Version 1 added {@code blob_meta}. */
  static final int SCHEMA_VERSION = 1;

  BlobIndex(Path file) throws IOException {
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute(
            "CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, size INTEGER NOT NULL,"
                + " state TEXT NOT NULL, ranges TEXT NOT NULL, last_access_ms INTEGER NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS pins (hash TEXT NOT NULL, tag TEXT NOT NULL,"
                + " tier TEXT NOT NULL, key TEXT NOT NULL, rule TEXT NOT NULL,"
                + " PRIMARY KEY (hash, tag))");
        migrate(s);
      }
    } catch (SQLException e) {
      throw new IOException("cannot open blob index " + file + ": " + e.getMessage(), e);
    }
  }

  /** Brings an index written by an older version up to {@link #SCHEMA_VERSION}. */
  private static void migrate(Statement s) throws SQLException {
    int version;
    try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new SQLException(
          "index schema version " + version + " is newer than this program's " + SCHEMA_VERSION);
    }
    if (version < 1) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS blob_meta (hash TEXT PRIMARY KEY, content_type TEXT,"
              + " file_name TEXT)");
    }
    s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
  }

  Optional<BlobMeta> meta(BlobHash hash) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT content_type, file_name FROM blob_meta WHERE hash = ?")) {
      ps.setString(1, hash.hex());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new BlobMeta(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  void putMeta(BlobHash hash, BlobMeta meta) throws IOException {
    update(
        "INSERT OR REPLACE INTO blob_meta (hash, content_type, file_name) VALUES (?, ?, ?)",
        hash.hex(),
        meta.contentType(),
        meta.fileName());
  }

  /**
   * Hashes pinned since {@code cursor} (a pins row id; 0 for all), and the cursor to pass next
   * time. A re-pin counts as new: INSERT OR REPLACE gives the row a new id.
   */
  PinsSince pinsSince(long cursor) throws IOException {
    List<BlobHash> hashes = new ArrayList<>();
    long last = cursor;
    try (PreparedStatement ps =
        db.prepareStatement("SELECT rowid, hash FROM pins WHERE rowid > ? ORDER BY rowid")) {
      ps.setLong(1, cursor);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          last = rs.getLong(1);
          hashes.add(BlobHash.parse(rs.getString(2)));
        }
      }
      return new PinsSince(List.copyOf(hashes), last);
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  Optional<BlobInfo> get(BlobHash hash) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT size, state, ranges, last_access_ms FROM blobs WHERE hash = ?")) {
      ps.setString(1, hash.hex());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(hash, rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  List<BlobInfo> list() throws IOException {
    List<BlobInfo> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT hash, size, state, ranges, last_access_ms FROM blobs ORDER BY hash")) {
      while (rs.next()) {
        BlobHash h = BlobHash.parse(rs.getString(1));
        out.add(
            new BlobInfo(
                h,
                rs.getLong(2),
                BlobInfo.State.valueOf(rs.getString(3)),
                GroupRanges.decode(rs.getString(4)),
                rs.getLong(5)));
      }
      return out;
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  /** Inserts or replaces the whole row. */
  void put(BlobInfo info) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT OR REPLACE INTO blobs (hash, size, state, ranges, last_access_ms)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, info.hash().hex());
      ps.setLong(2, info.size());
      ps.setString(3, info.state().name());
      ps.setString(4, info.present().encode());
      ps.setLong(5, info.lastAccessEpochMs());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  void touch(BlobHash hash, long epochMs) throws IOException {
    update("UPDATE blobs SET last_access_ms = ? WHERE hash = ?", epochMs, hash.hex());
  }

  boolean delete(BlobHash hash) throws IOException {
    try {
      db.setAutoCommit(false);
      int n;
      try (PreparedStatement a = db.prepareStatement("DELETE FROM blobs WHERE hash = ?");
          PreparedStatement b = db.prepareStatement("DELETE FROM pins WHERE hash = ?");
          PreparedStatement c = db.prepareStatement("DELETE FROM blob_meta WHERE hash = ?")) {
        a.setString(1, hash.hex());
        b.setString(1, hash.hex());
        c.setString(1, hash.hex());
        n = a.executeUpdate();
        b.executeUpdate();
        c.executeUpdate();
      }
      db.commit();
      return n > 0;
    } catch (SQLException e) {
      throw wrap(e);
    } finally {
      autoCommit();
    }
  }

  void pin(BlobHash hash, Pin pin) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT OR REPLACE INTO pins (hash, tag, tier, key, rule) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, hash.hex());
      ps.setString(2, pin.tag());
      ps.setString(3, pin.tier());
      ps.setString(4, pin.keyHex());
      ps.setString(5, pin.rule());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  boolean unpin(BlobHash hash, String tag) throws IOException {
    return update("DELETE FROM pins WHERE hash = ? AND tag = ?", hash.hex(), tag) > 0;
  }

  List<Pin> pins(BlobHash hash) throws IOException {
    List<Pin> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT tag, tier, key, rule FROM pins WHERE hash = ? ORDER BY tag")) {
      ps.setString(1, hash.hex());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Pin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  java.util.Map<BlobHash, List<Pin>> allPins() throws IOException {
    java.util.Map<BlobHash, List<Pin>> out = new java.util.TreeMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT hash, tag, tier, key, rule FROM pins ORDER BY hash, tag")) {
      while (rs.next()) {
        out.computeIfAbsent(BlobHash.parse(rs.getString(1)), h -> new ArrayList<>())
            .add(new Pin(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
      }
      return out;
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  private int update(String sql, Object... args) throws IOException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw wrap(e);
    }
  }

  private static BlobInfo row(BlobHash hash, ResultSet rs) throws SQLException {
    return new BlobInfo(
        hash,
        rs.getLong(1),
        BlobInfo.State.valueOf(rs.getString(2)),
        GroupRanges.decode(rs.getString(3)),
        rs.getLong(4));
  }

  private void autoCommit() {
    try {
      db.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the next call reports it
    }
  }

  private static IOException wrap(SQLException e) {
    return new IOException("blob index: " + e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      throw wrap(e);
    }
  }
}
