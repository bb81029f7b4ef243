package dev.conifer.snek.snake;

import dev.conifer.snek.wire.PublicKey;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The snake routing table: one path per origin key, the newest bootstrap winning (§7.3). Ordered by
 * key, so iteration is deterministic and next-hop search can start at the destination. Bounded: an
 * install beyond {@code capacity} new keys is refused.
 */
public final class RoutingTable {
  private final TreeMap<PublicKey, RouteEntry> entries = new TreeMap<>();
  private final int capacity;

  public RoutingTable(int capacity) {
    this.capacity = capacity;
  }

  public RouteEntry get(PublicKey origin) {
    return entries.get(origin);
  }

  /** Installs or replaces; false if the table is full and {@code origin} is new. */
  public boolean put(RouteEntry entry) {
    if (entries.size() >= capacity && !entries.containsKey(entry.originKey())) {
      return false;
    }
    entries.put(entry.originKey(), entry);
    return true;
  }

  public void remove(PublicKey origin) {
    entries.remove(origin);
  }

  public int size() {
    return entries.size();
  }

  public Collection<RouteEntry> values() {
    return entries.values();
  }

  /** The smallest origin key at or above {@code key}, or null; allocates nothing. */
  public PublicKey ceilingKey(PublicKey key) {
    return entries.ceilingKey(key);
  }

  /** The smallest origin key strictly above {@code key}, or null; allocates nothing. */
  public PublicKey higherKey(PublicKey key) {
    return entries.higherKey(key);
  }

  /** Entries with origin keys at or above {@code from}, ascending. */
  public Collection<RouteEntry> tailFrom(PublicKey from) {
    return entries.tailMap(from, true).values();
  }

  /** Removes expired entries. */
  public int removeExpired(long nowNs, long expiryNs) {
    return removeWhere(e -> !e.isValid(nowNs, expiryNs));
  }

  /** Removes entries whose path arrived on, or went on through, {@code port}. */
  public int removePort(int port) {
    return removeWhere(e -> e.sourcePort() == port || e.destinationPort() == port);
  }

  private int removeWhere(java.util.function.Predicate<RouteEntry> doomed) {
    int before = entries.size();
    entries.values().removeIf(doomed);
    return before - entries.size();
  }

  public void clear() {
    entries.clear();
  }
}
