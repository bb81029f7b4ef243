package dev.conifer.sync.store;

import dev.conifer.sync.SyncCounters;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.wire.SyncFormatException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code held} table: entries from the future kept across restarts ({@link DeferredEntries}).
 * An entry leaves the table just before the session stores it; a crash in between loses nothing
 * that matters, as the peer then sends it again.
 */
public final class HeldEntriesTable implements DeferredEntries.Backing {
  private final SyncDatabase db;
  private final SyncCounters counters;

  public HeldEntriesTable(SyncDatabase db, SyncCounters counters) {
    this.db = db;
    this.counters = counters;
  }

  @Override
  public List<Entry> load() {
    return db.transaction(
        c -> {
          List<Entry> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement("SELECT encoded FROM held ORDER BY id");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              try {
                out.add(Entry.decode(r.getBytes(1)));
              } catch (SyncFormatException e) {
                // Only valid entries are held: one that no longer decodes is dropped and counted
                // (the peer sends it again).
                counters.malformed.incrementAndGet();
              }
            }
          }
          return out;
        });
  }

  @Override
  public void save(Entry e) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT OR IGNORE INTO held(id, encoded) VALUES(?,?)")) {
            s.setBytes(1, e.id());
            s.setBytes(2, e.encoded());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void remove(List<Entry> entries) {
    db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM held WHERE id=?")) {
            for (Entry e : entries) {
              s.setBytes(1, e.id());
              s.executeUpdate();
            }
          }
          return null;
        });
  }
}
