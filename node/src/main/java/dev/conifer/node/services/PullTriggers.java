package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls asked for outside the schedule (a notice of a new list version, a trusted key coming up),
 * run on the replication thread, coalesced and spaced: at most one waiting per publisher, and at
 * most one started per publisher per {@link #SPACING}, however many notices arrive.
 */
final class PullTriggers {
  private static final Logger LOG = LoggerFactory.getLogger(PullTriggers.class);
  static final Duration SPACING = Duration.ofSeconds(2);

  private final ScheduledExecutorService thread;
  private final ReplicationCounters counters;
  private final BiConsumer<PublicKey, String> pull;
  private final Map<PublicKey, String> waiting = new ConcurrentHashMap<>();
  private final Map<PublicKey, Long> lastStartNanos = new ConcurrentHashMap<>();

  PullTriggers(
      ScheduledExecutorService thread,
      ReplicationCounters counters,
      BiConsumer<PublicKey, String> pull) {
    this.thread = thread;
    this.counters = counters;
    this.pull = pull;
  }

  /** Pulls {@code key} soon, saying {@code why} in {@code replicate ls}. */
  void request(PublicKey key, String why) {
    if (waiting.put(key, why) != null) {
      return; // one is waiting already: it will see the newest list, and says the latest reason
    }
    Long last = lastStartNanos.get(key);
    long delay = last == null ? 0 : Math.max(0, last + SPACING.toNanos() - System.nanoTime());
    thread.schedule(() -> start(key), delay, TimeUnit.NANOSECONDS);
  }

  private void start(PublicKey key) {
    String why = waiting.remove(key);
    lastStartNanos.put(key, System.nanoTime());
    counters.triggeredPulls.incrementAndGet();
    try {
      pull.accept(key, why);
    } catch (RuntimeException e) {
      LOG.warn("pull of {} ({}) failed: {}", key.shortHex(), why, e.toString());
    }
  }
}
