package dev.conifer.node.doorway;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at {@code rate} per
 * second. At most {@code clientsMax} addresses are remembered (the least recently seen is
 * forgotten, which only ever forgives a client), so memory stays bounded under a flood of sources.
 * Time is an argument (tests pass a fake clock).
 */
final class ClientRateLimiter {
  private static final class Bucket {
    double tokens;
    long lastNs;
  }

  private final double ratePerNs;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<InetAddress, Bucket> buckets;

  ClientRateLimiter(double perSecond, int burst, int clientsMax, LongSupplier nanoClock) {
    this.ratePerNs = perSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > clientsMax;
          }
        };
  }

  /** Takes one token for {@code client}; false when it has none left. */
  synchronized boolean tryAcquire(InetAddress client) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.get(client);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.lastNs = now;
      buckets.put(client, b);
    }
    b.tokens = Math.min(burst, b.tokens + (now - b.lastNs) * ratePerNs);
    b.lastNs = now;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  /** Whole seconds until {@code client} has a token again (at least 1), for Retry-After. */
  synchronized long retryAfterSeconds(InetAddress client) {
    Bucket b = buckets.get(client);
    double missing = b == null ? 0 : Math.max(0, 1 - b.tokens);
    return Math.max(1, (long) Math.ceil(missing / (ratePerNs * 1e9)));
  }
}
