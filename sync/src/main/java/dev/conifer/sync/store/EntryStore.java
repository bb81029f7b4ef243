package dev.conifer.sync.store;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for validated entries. A call that returns has been committed: the store is also
 * the outbox, since whatever is stored is offered on the next reconciliation.
 */
public interface EntryStore extends AutoCloseable {
  /** What happened to an inserted entry. */
  enum InsertOutcome {
    /** Stored and now the current value (it may have superseded others). */
    STORED,
    /** Stored for audit only: an existing entry beats it. */
    SUPERSEDED_ON_ARRIVAL,
    /** A mergeable change set stored next to the other parts of its document. */
    MERGED,
    /** Already present. */
    DUPLICATE
  }

  /**
   * A blob whose pin must change: {@code pinned} when a current entry now refers to it, released
   * when the last current entry referring to it was superseded (the content is then collectable).
   */
  record PinChange(byte[] hash, boolean pinned) {}

  /** An entry that lost, with the entry that beat it (null if that one was pruned). */
  record Superseded(Entry entry, Entry beatenBy) {}

  /** Inserts an entry received from a peer. */
  default InsertOutcome insert(Entry entry) {
    return insert(entry, false, 0);
  }

  /**
   * Inserts an entry; {@code local} marks entries written on this node (the outbox view), and
   * {@code storedEpochMs} when it was stored.
   */
  InsertOutcome insert(Entry entry, boolean local, long storedEpochMs);

  /** Inserts received entries in one transaction (one fsync per batch, not per entry). */
  default List<InsertOutcome> insertAll(List<Entry> entries) {
    List<InsertOutcome> out = new java.util.ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(insert(e));
    }
    return out;
  }

  /** Local writes stored after {@code sinceEpochMs}: what a partner has not seen yet. */
  long localWritesSince(long sinceEpochMs);

  Optional<Entry> entry(byte[] id);

  /** The winner for (namespace, key), or every part of a mergeable document, oldest first. */
  List<Entry> current(PublicKey namespace, byte[] key);

  /** Superseded entries kept for audit, newest first. */
  List<Superseded> superseded(PublicKey namespace, byte[] key);

  /** Current entries whose key starts with {@code prefix}, by key. */
  List<Entry> list(PublicKey namespace, byte[] prefix, int limit);

  /** The reconciliation set: current entries matching {@code interest}. */
  ItemSet items(Interest interest);

  long currentCount(PublicKey namespace);

  /** Persistent counter of conflicts decided (an entry superseded another). */
  long conflictsDecided();

  /** Persistent counter of Automerge change sets merged into an existing document. */
  default long documentsMerged() {
    return 0;
  }

  /** Persistent counter of entries deleted because a revocation made them invalid. */
  default long revokedPurged() {
    return 0;
  }

  /** Persistent counter of content hashes released (no current entry refers to them any more). */
  default long contentReleased() {
    return 0;
  }

  /** Pin changes not yet applied to the blob store, at most {@code limit}. */
  default List<PinChange> pinChanges(int limit) {
    return List.of();
  }

  /** Forgets pin changes once the blob store has them. */
  default void pinChangesApplied(List<PinChange> applied) {}

  @Override
  void close();
}
