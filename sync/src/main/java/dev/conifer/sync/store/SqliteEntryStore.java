package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.ConflictRule;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.Revocations;
import dev.conifer.sync.reconcile.ItemIndex;
import dev.conifer.sync.reconcile.ItemSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** {@link EntryStore} on SQLite: one transaction per insert, the conflict rule applied inside. */
public final class SqliteEntryStore implements EntryStore {
  private final SyncDatabase db;
  private final int auditCountMax;
  private final Map<PublicKey, ItemIndex> indexes = new HashMap<>(); // guarded by db
  private final AtomicLong reservedRevision = new AtomicLong();

  /** {@code auditCountMax}: superseded entries kept per (namespace, key), newest first. */
  public SqliteEntryStore(SyncDatabase db, int auditCountMax) {
    this.db = db;
    this.auditCountMax = auditCountMax;
  }

  @Override
  public InsertOutcome insert(Entry entry, boolean local, long storedEpochMs) {
    synchronized (db) {
      List<IndexChange> changes = new ArrayList<>();
      InsertOutcome out =
          db.transaction(c -> insertIn(c, entry, local ? 1 : 0, storedEpochMs, changes));
      applyToIndexes(changes);
      return out;
    }
  }

  @Override
  public List<InsertOutcome> insertAll(List<Entry> entries) {
    synchronized (db) {
      List<IndexChange> changes = new ArrayList<>();
      List<InsertOutcome> out =
          db.transaction(
              c -> {
                List<InsertOutcome> outcomes = new ArrayList<>(entries.size());
                for (Entry e : entries) {
                  outcomes.add(insertIn(c, e, 0, 0, changes));
                }
                return outcomes;
              });
      applyToIndexes(changes);
      return out;
    }
  }

  /** A current entry that joined ({@code added}) or left the reconciliation set. */
  private record IndexChange(PublicKey namespace, long ts, byte[] id, boolean added) {
    static IndexChange of(Entry e, boolean added) {
      return new IndexChange(e.namespace(), e.timestampUs(), e.id(), added);
    }
  }

  /** After the commit, under the database lock: the indexes never show uncommitted entries. */
  private void applyToIndexes(List<IndexChange> changes) {
    for (IndexChange ch : changes) {
      ItemIndex index = indexes.get(ch.namespace());
      if (index == null) {
        continue; // built from SQLite when first needed
      }
      if (ch.added()) {
        index.add(ch.ts(), ch.id());
      } else {
        index.remove(ch.ts(), ch.id());
      }
    }
  }

  /**
   * Changes whenever an entry under the reserved prefix becomes current, so a cache of the
   * revocations knows to reload.
   */
  public long reservedRevision() {
    return reservedRevision.get();
  }

  @Override
  public long revokedPurged() {
    return counter(db, "revokedPurged");
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

  /**
   * Applies {@link ConflictRule#dominates}: the arrival is compared with the key's current entries
   * only, which is enough because every entry they replaced is also dominated by one of them.
   */
  private InsertOutcome insertIn(
      Connection c, Entry entry, int local, long storedMs, List<IndexChange> changes)
      throws SQLException {
    if (EntryRows.exists(c, entry.id())) {
      return InsertOutcome.DUPLICATE;
    }
    List<Entry> currents =
        EntryRows.query(
            c,
            "SELECT encoded FROM entries WHERE ns=? AND k=? AND state=0",
            entry.namespace().toBytes(),
            entry.key());
    Entry dominator = ConflictRule.dominator(currents, entry);
    if (dominator != null) {
      EntryRows.put(c, entry, EntryRows.SUPERSEDED, dominator.id(), local, storedMs);
      EntryRows.bump(c, "conflictsDecided");
      EntryRows.prune(c, entry, auditCountMax);
      return InsertOutcome.SUPERSEDED_ON_ARRIVAL;
    }
    EntryRows.put(c, entry, EntryRows.CURRENT, null, local, storedMs);
    changes.add(IndexChange.of(entry, true));
    if (entry.contentLength() > 0) {
      EntryRows.pinChange(c, entry.contentHash(), true);
    }
    boolean mergedWithOthers = false;
    boolean decided = false;
    for (Entry current : currents) {
      if (ConflictRule.dominates(entry, current)) {
        EntryRows.supersede(c, current, entry);
        changes.add(IndexChange.of(current, false));
        released(c, current);
        decided = true;
      } else {
        mergedWithOthers |= entry.mergeable() && current.mergeable();
      }
    }
    if (decided) {
      EntryRows.bump(c, "conflictsDecided");
      EntryRows.prune(c, entry, auditCountMax);
    }
    String revoked = entry.tombstone() ? null : Revocations.target(entry.key());
    if (revoked != null && entry.author().equals(entry.namespace())) {
      RevocationPurge.apply(
          c,
          entry.namespace(),
          revoked,
          entry.timestampUs(),
          (e, added) -> changes.add(IndexChange.of(e, added)));
    }
    if (Revocations.isReserved(entry.key())) {
      reservedRevision.incrementAndGet();
    }
    if (mergedWithOthers) {
      EntryRows.bump(c, "documentsMerged");
      return InsertOutcome.MERGED;
    }
    return InsertOutcome.STORED;
  }

  /** A superseded entry's content becomes collectable once no current entry refers to it. */
  private static void released(Connection c, Entry loser) throws SQLException {
    byte[] hash = loser.contentHash();
    if (loser.contentLength() > 0 && !EntryRows.contentReferenced(c, hash)) {
      EntryRows.pinChange(c, hash, false);
      EntryRows.bump(c, "contentReleased");
    }
  }

  @Override
  public List<PinChange> pinChanges(int limit) {
    return db.transaction(
        c -> {
          List<PinChange> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement("SELECT hash, pinned FROM pin_changes LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(new PinChange(r.getBytes(1), r.getInt(2) == 1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void pinChangesApplied(List<PinChange> applied) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM pin_changes WHERE hash=? AND pinned=?")) {
            for (PinChange p : applied) {
              s.setBytes(1, p.hash());
              s.setInt(2, p.pinned() ? 1 : 0);
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public Optional<Entry> entry(byte[] id) {
    return db.transaction(
        c ->
            EntryRows.query(c, "SELECT encoded FROM entries WHERE id=?", (Object) id).stream()
                .findFirst());
  }

  @Override
  public List<Entry> current(PublicKey namespace, byte[] key) {
    List<Entry> out =
        db.transaction(
            c ->
                EntryRows.query(
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
                        EntryRows.decodeStored(r.getBytes(1)),
                        winner == null ? null : EntryRows.decodeStored(winner)));
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
                  "SELECT encoded, k FROM entries WHERE ns=? AND state=0 AND kind<>3 AND k>=?"
                      + " ORDER BY k, ts")) {
            s.setBytes(1, namespace.toBytes());
            s.setBytes(2, prefix);
            try (ResultSet r = s.executeQuery()) {
              while (r.next() && out.size() < limit) {
                byte[] k = r.getBytes(2);
                if (k.length < prefix.length
                    || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                  break;
                }
                out.add(EntryRows.decodeStored(r.getBytes(1)));
              }
            }
          }
          return null;
        });
    out.sort(Comparator.comparing(Entry::keyString));
    return out;
  }

  /**
   * The reconciliation set. Without key prefixes it comes from the live index (built on first use,
   * then kept up to date by every write): O(chunks) per session. With prefixes it is read from
   * SQLite and sorted (O(n)).
   */
  @Override
  public ItemSet items(Interest interest) {
    if (!interest.prefixes().isEmpty()
        || interest.fromUs() != 0
        || interest.toUs() != Long.MAX_VALUE) {
      return itemsFromSql(interest);
    }
    synchronized (db) {
      return indexes.computeIfAbsent(interest.namespace(), this::buildIndex).snapshot();
    }
  }

  private ItemIndex buildIndex(PublicKey namespace) {
    ItemSet.SortedRun run = new ItemSet.SortedRun();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT ts, id FROM entries WHERE ns=? AND state=0 ORDER BY ts, id")) {
            s.setBytes(1, namespace.toBytes());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                run.add(r.getLong(1), r.getBytes(2));
              }
            }
          }
          return null;
        });
    return new ItemIndex(run.chunks());
  }

  private ItemSet itemsFromSql(Interest interest) {
    ItemSet.Builder builder = ItemSet.builder();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT ts, id, k FROM entries WHERE ns=? AND state=0 AND ((ts>=? AND ts<?)"
                      + " OR (k>=? AND k<?)) ORDER BY ts, id")) {
            s.setBytes(1, interest.namespace().toBytes());
            s.setLong(2, interest.fromUs());
            s.setLong(3, interest.toUs());
            // The reserved keys (revocations) are in every interest.
            s.setBytes(4, Revocations.RESERVED_FROM);
            s.setBytes(5, Revocations.RESERVED_TO);
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
              c.prepareStatement(
                  "SELECT COUNT(*) FROM entries WHERE ns=? AND state=0 AND kind<>3")) {
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

  @Override
  public long contentReleased() {
    return counter(db, "contentReleased");
  }

  static long counter(SyncDatabase db, String name) {
    return db.transaction(c -> EntryRows.counter(c, name));
  }

  @Override
  public void close() {
    db.close();
  }
}
