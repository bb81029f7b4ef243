package dev.conifer.sync.store;

import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemIndex;
import dev.conifer.sync.reconcile.ItemSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entries that arrived dated too far ahead of the local clock but are otherwise valid. They are
 * held here (in memory, bounded) and counted in the reconciliation set, so the peer does not send
 * them again every session; once the clock catches up they are validated again and stored. With a
 * {@link Backing} (the node's SQLite file) they survive a restart; without one they are lost then
 * and simply sent once more.
 */
public final class DeferredEntries {
  public static final int COUNT_MAX_DEFAULT = 10_000;

  /** Entries dated further ahead than this (beyond the clock skew) are refused, not held. */
  public static final long HORIZON_US_DEFAULT = 24L * 3600 * 1_000_000;

  private final int countMax;
  private final long horizonUs;
  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final Backing backing;

  /** Where held entries are kept across restarts. */
  public interface Backing {
    List<Entry> load();

    void save(Entry e);

    void remove(List<Entry> entries);
  }

  public DeferredEntries(int countMax, long horizonUs) {
    this(countMax, horizonUs, null);
  }

  /** Held entries also written to {@code backing}, and loaded from it now. */
  public DeferredEntries(int countMax, long horizonUs, Backing backing) {
    this.countMax = countMax;
    this.horizonUs = horizonUs;
    this.backing = backing;
    if (backing != null) {
      for (Entry e : backing.load()) {
        byId.putIfAbsent(e.idHex(), e);
      }
    }
  }

  public static DeferredEntries defaults() {
    return new DeferredEntries(COUNT_MAX_DEFAULT, HORIZON_US_DEFAULT);
  }

  /**
   * Holds {@code e} until it can be accepted; false if it is too far ahead or the store is full.
   */
  public synchronized boolean defer(Entry e, long nowEpochUs) {
    if (e.timestampUs() > nowEpochUs + horizonUs || byId.size() >= countMax) {
      return false;
    }
    if (byId.putIfAbsent(e.idHex(), e) == null && backing != null) {
      backing.save(e);
    }
    return true;
  }

  /** Removes and returns the held entries no longer ahead of {@code nowEpochUs + skewUs}. */
  public synchronized List<Entry> due(long nowEpochUs, long skewUs) {
    List<Entry> out = new ArrayList<>();
    for (Iterator<Entry> it = byId.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.timestampUs() <= nowEpochUs + skewUs) {
        out.add(e);
        it.remove();
      }
    }
    if (backing != null && !out.isEmpty()) {
      backing.remove(out); // the caller stores them (or counts them refused) next
    }
    return out;
  }

  /** {@code items} plus the held entries matching {@code interest} (copies only touched chunks). */
  public synchronized ItemSet addTo(ItemSet items, Interest interest) {
    ItemIndex copy = null;
    for (Entry e : byId.values()) {
      if (interest.matches(e)) {
        if (copy == null) {
          copy = new ItemIndex(Arrays.asList(items.chunks()));
        }
        copy.add(e.timestampUs(), e.id());
      }
    }
    return copy == null ? items : copy.snapshot();
  }

  public synchronized int size() {
    return byId.size();
  }
}
