package dev.conifer.snek.forward;

import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFlyweight;
import dev.conifer.snek.wire.WireException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where recent senders sit in the tree, learned from delivered traffic (PROTOCOL.md §8.2), so
 * replies can be tree-routed. Entries live one minute; the cache is bounded, least recently used
 * out first.
 */
public final class CoordinatesCache {
  /** Mutable, so that a sender heard again from the same place costs no allocation. */
  private static final class Entry {
    Coordinates coordinates;
    long storedNs;

    Entry(Coordinates coordinates, long storedNs) {
      this.coordinates = coordinates;
      this.storedNs = storedNs;
    }
  }

  private final LinkedHashMap<PublicKey, Entry> entries;
  private long sweepDeadlineNs;

  public CoordinatesCache(int capacity, long nowNs) {
    this.entries =
        // Access order: a hit moves the entry to the tail in place, so refreshing a known sender
        // allocates nothing; the bound then evicts the least recently used entry.
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<PublicKey, Entry> eldest) {
            return size() > capacity;
          }
        };
    this.sweepDeadlineNs = nowNs + SnekConfig.COORDS_CACHE_LIFETIME_NS;
  }

  public void put(PublicKey key, Coordinates coordinates, long nowNs) {
    Entry e = entries.get(key);
    if (e == null) {
      entries.put(key, new Entry(coordinates, nowNs));
    } else {
      e.coordinates = coordinates;
      e.storedNs = nowNs;
    }
  }

  /**
   * {@link #put} of the source coordinates of the wrapped {@code frame}, decoding them only when
   * they differ from what is cached: a sender heard again from the same place allocates nothing.
   */
  public void put(PublicKey key, TrafficFlyweight frame, long nowNs) throws WireException {
    Entry e = entries.get(key);
    if (e != null && frame.sourceEquals(e.coordinates)) {
      e.storedNs = nowNs;
    } else {
      put(key, frame.source(), nowNs);
    }
  }

  /** Fresh coordinates for {@code key}, or {@link Coordinates#ROOT} meaning "unknown". */
  public Coordinates get(PublicKey key, long nowNs) {
    Entry e = entries.get(key);
    if (e == null || nowNs - e.storedNs >= SnekConfig.COORDS_CACHE_LIFETIME_NS) {
      return Coordinates.ROOT;
    }
    return e.coordinates;
  }

  public long deadlineNs() {
    return sweepDeadlineNs;
  }

  public void handleTimeout(long nowNs) {
    if (nowNs >= sweepDeadlineNs) {
      sweepDeadlineNs = nowNs + SnekConfig.COORDS_CACHE_LIFETIME_NS;
      entries.values().removeIf(e -> nowNs - e.storedNs >= SnekConfig.COORDS_CACHE_LIFETIME_NS);
    }
  }

  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }
}
