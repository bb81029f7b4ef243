package dev.conifer.snek;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where recent senders sit in the tree, learned from delivered traffic (PROTOCOL.md §8.2), so
 * replies can be tree-routed. Entries live one minute; the cache is bounded, oldest out first.
 */
final class CoordinatesCache {
  private record Entry(Coordinates coordinates, long storedNs) {}

  private final LinkedHashMap<PublicKey, Entry> entries;
  private long sweepDeadlineNs;

  CoordinatesCache(int capacity, long nowNs) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<PublicKey, Entry> eldest) {
            return size() > capacity;
          }
        };
    this.sweepDeadlineNs = nowNs + SnekConfig.COORDS_CACHE_LIFETIME_NS;
  }

  void put(PublicKey key, Coordinates coordinates, long nowNs) {
    entries.remove(key); // re-insert so insertion order stays age order
    entries.put(key, new Entry(coordinates, nowNs));
  }

  /** Fresh coordinates for {@code key}, or {@link Coordinates#ROOT} meaning "unknown". */
  Coordinates get(PublicKey key, long nowNs) {
    Entry e = entries.get(key);
    if (e == null || nowNs - e.storedNs >= SnekConfig.COORDS_CACHE_LIFETIME_NS) {
      return Coordinates.ROOT;
    }
    return e.coordinates;
  }

  long deadlineNs() {
    return sweepDeadlineNs;
  }

  void handleTimeout(long nowNs) {
    if (nowNs >= sweepDeadlineNs) {
      sweepDeadlineNs = nowNs + SnekConfig.COORDS_CACHE_LIFETIME_NS;
      entries.values().removeIf(e -> nowNs - e.storedNs >= SnekConfig.COORDS_CACHE_LIFETIME_NS);
    }
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
