package dev.conifer.sync.store;

import dev.conifer.sync.entry.ConflictRule;
import dev.conifer.sync.entry.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a sync.db from before issue 18 up to date, once: adds the content and kind columns, fills
 * them, re-decides the keys that hold documents under {@link ConflictRule#dominates} (the old rule
 * could leave a state that depended on arrival order), and queues a pin for the content of every
 * current entry (sync did not pin content before).
 */
final class SyncDatabaseUpgrade {
  private SyncDatabaseUpgrade() {}

  static void addContentColumns(Connection c, Statement s) throws SQLException {
    boolean hasContent = false;
    try (ResultSet r = s.executeQuery("PRAGMA table_info(entries)")) {
      while (r.next()) {
        hasContent |= r.getString("name").equals("content");
      }
    }
    if (hasContent) {
      return;
    }
    c.setAutoCommit(false); // one transaction, one fsync
    upgrade(c, s);
    c.commit();
    c.setAutoCommit(true);
  }

  private static void upgrade(Connection c, Statement s) throws SQLException {
    s.execute("ALTER TABLE entries ADD COLUMN content BLOB");
    s.execute("ALTER TABLE entries ADD COLUMN kind INTEGER NOT NULL DEFAULT 0");
    try (ResultSet r = s.executeQuery("SELECT id, encoded FROM entries");
        PreparedStatement u =
            c.prepareStatement("UPDATE entries SET content=?, kind=? WHERE id=?")) {
      while (r.next()) {
        Entry e = EntryRows.decodeStored(r.getBytes(2));
        u.setBytes(1, e.contentHash());
        u.setInt(2, e.kind().ordinal());
        u.setBytes(3, r.getBytes(1));
        u.executeUpdate();
      }
    }
    List<byte[][]> documentKeys = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT DISTINCT ns, k FROM entries WHERE mergeable=1")) {
      while (r.next()) {
        documentKeys.add(new byte[][] {r.getBytes(1), r.getBytes(2)});
      }
    }
    for (byte[][] key : documentKeys) {
      redecide(c, key[0], key[1]);
    }
    s.execute(
        "INSERT OR REPLACE INTO pin_changes(hash, pinned) SELECT DISTINCT content, 1 FROM entries"
            + " WHERE state=0 AND kind<>3");
  }

  /** Current = the stored entries no other stored entry dominates. */
  private static void redecide(Connection c, byte[] ns, byte[] k) throws SQLException {
    List<Entry> all = EntryRows.query(c, "SELECT encoded FROM entries WHERE ns=? AND k=?", ns, k);
    try (PreparedStatement u =
        c.prepareStatement("UPDATE entries SET state=?, beaten_by=? WHERE id=?")) {
      for (Entry e : all) {
        Entry dominator = ConflictRule.dominator(all, e);
        u.setInt(1, dominator == null ? EntryRows.CURRENT : EntryRows.SUPERSEDED);
        u.setBytes(2, dominator == null ? null : dominator.id());
        u.setBytes(3, e.id());
        u.executeUpdate();
      }
    }
  }
}
