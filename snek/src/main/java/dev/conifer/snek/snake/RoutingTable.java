package dev.conifer.snek.snake;

import dev.conifer.snek.wire.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.function.Predicate;

/**
 * The snake routing table: one path per origin key, the newest bootstrap winning (§7.3). Ordered by
 * key, so iteration is deterministic and next-hop search can start at the destination. Bounded: an
 * install beyond {@code capacity} new keys is refused.
 *
 * <p>Kept as sorted arrays, each key's first word in an array of its own, so that a search is a
 * binary search over one array rather than a walk down tree nodes and key objects (at a hub of
 * thousands of routes the tree map's searches were 6% of the simulator's CPU). Refreshing a route,
 * which most installs do, writes its slot; a new or removed key moves the tail of the arrays.
 */
public final class RoutingTable {
  private final int capacity;
  private long[] words = new long[8];
  private PublicKey[] keys = new PublicKey[8];
  private RouteEntry[] routes = new RouteEntry[8];
  private int size;

  public RoutingTable(int capacity) {
    this.capacity = capacity;
  }

  public RouteEntry get(PublicKey origin) {
    int i = ceilingIndex(origin);
    return i < size && keys[i].equals(origin) ? routes[i] : null;
  }

  /** Installs or replaces; false if the table is full and {@code origin} is new. */
  public boolean put(RouteEntry entry) {
    PublicKey key = entry.originKey();
    int i = ceilingIndex(key);
    if (i < size && keys[i].equals(key)) {
      routes[i] = entry;
      return true;
    }
    if (size >= capacity) {
      return false;
    }
    if (size == keys.length) {
      int length = size + Math.max(8, size / 2);
      words = Arrays.copyOf(words, length);
      keys = Arrays.copyOf(keys, length);
      routes = Arrays.copyOf(routes, length);
    }
    System.arraycopy(words, i, words, i + 1, size - i);
    System.arraycopy(keys, i, keys, i + 1, size - i);
    System.arraycopy(routes, i, routes, i + 1, size - i);
    words[i] = key.word0();
    keys[i] = key;
    routes[i] = entry;
    size++;
    return true;
  }

  public void remove(PublicKey origin) {
    int i = ceilingIndex(origin);
    if (i < size && keys[i].equals(origin)) {
      System.arraycopy(words, i + 1, words, i, size - i - 1);
      System.arraycopy(keys, i + 1, keys, i, size - i - 1);
      System.arraycopy(routes, i + 1, routes, i, size - i - 1);
      size--;
      keys[size] = null;
      routes[size] = null;
    }
  }

  public int size() {
    return size;
  }

  /** The routes in ascending origin-key order; a view valid until the table next changes. */
  public Collection<RouteEntry> values() {
    return Collections.unmodifiableList(Arrays.asList(routes).subList(0, size));
  }

  /**
   * The position in key order of the smallest origin key at or above {@code key} ({@link #size()}
   * if none), for {@link #keyAt} and {@link #entryAt}; valid until the table next changes.
   */
  public int ceilingIndex(PublicKey key) {
    long word = key.word0();
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      int c = Long.compareUnsigned(words[middle], word);
      if (c < 0 || (c == 0 && keys[middle].compareTo(key) < 0)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The origin key at {@code index} in key order (see {@link #ceilingIndex}). */
  public PublicKey keyAt(int index) {
    return keys[index];
  }

  /** The route at {@code index} in key order (see {@link #ceilingIndex}). */
  public RouteEntry entryAt(int index) {
    return routes[index];
  }

  /** Removes expired entries. */
  public int removeExpired(long nowNs, long expiryNs) {
    return removeWhere(e -> !e.isValid(nowNs, expiryNs));
  }

  /** Removes entries whose path arrived on, or went on through, {@code port}. */
  public int removePort(int port) {
    return removeWhere(e -> e.sourcePort() == port || e.destinationPort() == port);
  }

  private int removeWhere(Predicate<RouteEntry> doomed) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!doomed.test(routes[i])) {
        words[kept] = words[i];
        keys[kept] = keys[i];
        routes[kept] = routes[i];
        kept++;
      }
    }
    int removed = size - kept;
    Arrays.fill(keys, kept, size, null);
    Arrays.fill(routes, kept, size, null);
    size = kept;
    return removed;
  }

  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(routes, 0, size, null);
    size = 0;
  }
}
