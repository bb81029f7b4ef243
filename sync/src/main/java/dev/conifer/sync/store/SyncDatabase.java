package dev.conifer.sync.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQLite file under the data directory, in WAL mode with synchronous=FULL so a committed
 * transaction survives kill -9 (and power loss). One connection, used under this object's lock.
 */
public final class SyncDatabase implements AutoCloseable {
  public static final String FILE_NAME = "sync.db";
  private final Connection connection;

  private SyncDatabase(Connection connection) {
    this.connection = connection;
  }

  public static SyncDatabase open(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve(FILE_NAME));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS entries(id BLOB PRIMARY KEY, ns BLOB NOT NULL,"
                + " k BLOB NOT NULL, ts INTEGER NOT NULL, mergeable INTEGER NOT NULL,"
                + " state INTEGER NOT NULL, beaten_by BLOB, encoded BLOB NOT NULL,"
                + " local INTEGER NOT NULL DEFAULT 0, stored_ms INTEGER NOT NULL DEFAULT 0,"
                + " content BLOB, kind INTEGER NOT NULL DEFAULT 0)");
        // Content whose pin in the blob store must change (1 pin, 0 release); applied, then
        // deleted.
        s.execute(
            "CREATE TABLE IF NOT EXISTS pin_changes(hash BLOB PRIMARY KEY, pinned INTEGER NOT NULL)");
        SyncDatabaseUpgrade.addContentColumns(c, s);
        s.execute("CREATE INDEX IF NOT EXISTS entries_sync ON entries(ns, state, ts, id)");
        s.execute("CREATE INDEX IF NOT EXISTS entries_key ON entries(ns, k, state)");
        s.execute("CREATE INDEX IF NOT EXISTS entries_content ON entries(content, state)");
        s.execute("CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS namespaces(ns BLOB PRIMARY KEY, name TEXT,"
                + " seed BLOB, policy TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS grants(ns BLOB NOT NULL, grantee BLOB NOT NULL,"
                + " mode INTEGER NOT NULL, encoded BLOB NOT NULL, PRIMARY KEY(ns, grantee, mode))");
        // The key prefixes this node wants of a namespace (none: every key).
        s.execute(
            "CREATE TABLE IF NOT EXISTS interests(ns BLOB NOT NULL, prefix BLOB NOT NULL,"
                + " PRIMARY KEY(ns, prefix))");
        // The time range this node wants of a namespace ('sync ns interest --since/--until'):
        // each end is null (open), at:MICROS or ago:MICROS (rolling, see TimeBound).
        s.execute(
            "CREATE TABLE IF NOT EXISTS interest_times(ns BLOB PRIMARY KEY, since TEXT, until"
                + " TEXT)");
        // Valid entries dated ahead of the clock, held until it catches up (DeferredEntries).
        s.execute("CREATE TABLE IF NOT EXISTS held(id BLOB PRIMARY KEY, encoded BLOB NOT NULL)");
        // Namespaces marked for the web doorway ('sync ns publish').
        s.execute("CREATE TABLE IF NOT EXISTS published(ns BLOB PRIMARY KEY)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS partners(pk BLOB PRIMARY KEY, label TEXT,"
                + " last_sync_ms INTEGER, last_result TEXT, entries_moved INTEGER)");
      }
      c.setAutoCommit(true);
      return new SyncDatabase(c);
    } catch (Exception e) {
      throw new IllegalStateException("cannot open sync database in " + dataDirectory, e);
    }
  }

  Connection connection() {
    return connection;
  }

  /** Runs {@code work} in one transaction; it is durable when this returns. */
  synchronized <T> T transaction(SqlWork<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("sync database: " + e.getMessage(), e);
    }
  }

  /** A unit of SQL work. */
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("closing sync database: " + e.getMessage(), e);
    }
  }
}
