package dev.conifer.transfer.rendezvous;

import java.time.Duration;

/**
 * Bounds and timers of the rendezvous service (CONTENT.md, "Rendezvous records").
 *
 * @param recordTtl how long a record we publish stays valid
 * @param republishInterval how often holders publish again; well inside {@code recordTtl}, so a
 *     record survives one lost PUT and reaches a new nearest node soon after the network changes
 * @param ttlMax records expiring further ahead than this are refused (a bound on stale claims)
 * @param recordCountMax records one node stores, all hashes together
 * @param perHolderMax records one node stores for one holder key
 * @param queryTimeout how long a querier waits for the answer
 * @param inboxMax received messages waiting for the service thread; more are dropped and counted
 */
public record RendezvousConfig(
    Duration recordTtl,
    Duration republishInterval,
    Duration ttlMax,
    int recordCountMax,
    int perHolderMax,
    Duration queryTimeout,
    int inboxMax) {
  public RendezvousConfig {
    if (recordTtl.isNegative() || recordTtl.isZero() || recordTtl.compareTo(ttlMax) > 0) {
      throw new IllegalArgumentException("recordTtl must be in (0, ttlMax]: " + recordTtl);
    }
    if (republishInterval.isNegative()
        || republishInterval.isZero()
        || republishInterval.compareTo(recordTtl) >= 0) {
      throw new IllegalArgumentException(
          "republishInterval must be positive and shorter than recordTtl: " + republishInterval);
    }
    if (recordCountMax < 1 || perHolderMax < 1 || inboxMax < 1) {
      throw new IllegalArgumentException("record, holder and inbox bounds must be positive");
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
    }
  }

  /** Records live 30 min, are republished every 10, and a node keeps up to 100,000 of them. */
  public static RendezvousConfig defaults() {
    return new RendezvousConfig(
        Duration.ofMinutes(30),
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        100_000,
        10_000,
        Duration.ofSeconds(2),
        1024);
  }

  public RendezvousConfig withBounds(int recordCountMax, int perHolderMax) {
    return new RendezvousConfig(
        recordTtl, republishInterval, ttlMax, recordCountMax, perHolderMax, queryTimeout, inboxMax);
  }

  public RendezvousConfig withQueryTimeout(Duration timeout) {
    return new RendezvousConfig(
        recordTtl, republishInterval, ttlMax, recordCountMax, perHolderMax, timeout, inboxMax);
  }
}
