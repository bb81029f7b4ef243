package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * When to sync with which partner, sans-I/O. A partner coming up is due at once; a failed sync is
 * retried with exponential backoff (doubling from {@code backoffInitialNs} up to {@code
 * backoffMaxNs}); a successful one is repeated after {@code resyncIntervalNs} while the peer stays
 * up. Partners are kept in key order so runs are deterministic.
 */
public final class PartnerScheduler {
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final class State {
    boolean up;
    boolean inFlight;
    boolean again; // something changed while a sync was in flight: run once more
    long dueNs = NO_DEADLINE;
    int failures;
  }

  private final long backoffInitialNs;
  private final long backoffMaxNs;
  private final long resyncIntervalNs;
  private final Map<PublicKey, State> partners = new TreeMap<>();

  public PartnerScheduler(long backoffInitialNs, long backoffMaxNs, long resyncIntervalNs) {
    this.backoffInitialNs = backoffInitialNs;
    this.backoffMaxNs = backoffMaxNs;
    this.resyncIntervalNs = resyncIntervalNs;
  }

  public void addPartner(PublicKey key) {
    partners.putIfAbsent(key, new State());
  }

  /** A session to {@code key} became possible (the peer appeared on the overlay). */
  public void handlePeerUp(long nowNs, PublicKey key) {
    State s = partners.get(key);
    if (s != null && !s.up) {
      s.up = true;
      s.failures = 0;
      s.dueNs = nowNs;
    }
  }

  /**
   * A local write: every partner that is up syncs now (one already syncing syncs once more when it
   * ends), so the write reaches it without waiting for the periodic resync.
   */
  public void handleLocalWrite(long nowNs) {
    for (State s : partners.values()) {
      if (s.up && s.inFlight) {
        s.again = true;
      } else if (s.up) {
        s.dueNs = Math.min(s.dueNs, nowNs);
      }
    }
  }

  /**
   * Some peer came up: routes may exist now to partners that are not direct peers (reached through
   * relays), so every partner is tried again at once, its backoff forgotten.
   */
  public void handleNetworkChange(long nowNs) {
    for (State s : partners.values()) {
      s.up = true;
      s.failures = 0;
      if (s.inFlight) {
        s.again = true;
      } else {
        s.dueNs = Math.min(s.dueNs, nowNs);
      }
    }
  }

  public void handlePeerDown(long nowNs, PublicKey key) {
    State s = partners.get(key);
    if (s != null) {
      s.up = false;
      s.dueNs = NO_DEADLINE;
    }
  }

  /** The partner whose sync should start now, marked in flight; null if none is due. */
  public PublicKey pollDue(long nowNs) {
    for (Map.Entry<PublicKey, State> e : partners.entrySet()) {
      State s = e.getValue();
      if (s.up && !s.inFlight && s.dueNs <= nowNs) {
        s.inFlight = true;
        s.dueNs = NO_DEADLINE;
        return e.getKey();
      }
    }
    return null;
  }

  public void handleSyncResult(long nowNs, PublicKey key, boolean ok) {
    State s = partners.get(key);
    if (s == null) {
      return;
    }
    s.inFlight = false;
    if (s.again && s.up) {
      s.again = false;
      s.failures = ok ? 0 : s.failures;
      s.dueNs = nowNs;
      return;
    }
    if (ok) {
      s.failures = 0;
      s.dueNs = s.up ? nowNs + resyncIntervalNs : NO_DEADLINE;
    } else {
      s.failures++;
      s.dueNs = nowNs + backoffNs(s.failures);
    }
  }

  /** Delay after {@code failures} consecutive failures: initial × 2^(failures-1), capped. */
  long backoffNs(int failures) {
    long delay = backoffInitialNs;
    for (int i = 1; i < failures && delay < backoffMaxNs; i++) {
      delay *= 2;
    }
    return Math.min(delay, backoffMaxNs);
  }

  /** The earliest time a partner becomes due, or {@link #NO_DEADLINE}. */
  public long pollDeadlineNs() {
    long min = NO_DEADLINE;
    for (State s : partners.values()) {
      if (s.up && !s.inFlight) {
        min = Math.min(min, s.dueNs);
      }
    }
    return min;
  }

  public int failures(PublicKey key) {
    State s = partners.get(key);
    return s == null ? 0 : s.failures;
  }
}
