package dev.conifer.transfer.rendezvous;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The records this node keeps as the node nearest to their hashes: bounded in total and per holder,
 * dropped when they expire, and only ever holding records whose holder signed them. Thread-safe.
 */
public final class RendezvousStore {
  /** What {@link #put} did. */
  public enum Verdict {
    STORED,
    REFRESHED,
    /** A record for the same hash and holder that expires no later than the one kept. */
    NOT_NEWER,
    BAD_SIGNATURE,
    EXPIRED,
    TOO_FAR_AHEAD,
    HOLDER_FULL,
    STORE_FULL
  }

  /** A full store sweeps for expired records at most this often, so a flood cannot make it spin. */
  static final long SWEEP_INTERVAL_MS = 1_000;

  private final RendezvousConfig config;
  private final Verifier verifier;
  private final LongSupplier epochMs;
  private final RendezvousCounters counters;
  private final Map<BlobHash, Map<PublicKey, RendezvousRecord>> byHash = new HashMap<>();
  private final Map<PublicKey, Integer> perHolder = new HashMap<>();
  private int size;
  private long lastSweepMs = Long.MIN_VALUE;

  public RendezvousStore(
      RendezvousConfig config,
      Verifier verifier,
      LongSupplier epochMs,
      RendezvousCounters counters) {
    this.config = config;
    this.verifier = verifier;
    this.epochMs = epochMs;
    this.counters = counters;
  }

  /** Checks and keeps {@code record}; the verdict is also counted. */
  public Verdict put(RendezvousRecord record) {
    Verdict v = check(record);
    switch (v) {
      case STORED -> counters.recordsStored.incrementAndGet();
      case REFRESHED -> counters.recordsRefreshed.incrementAndGet();
      case BAD_SIGNATURE -> counters.rejectedSignature.incrementAndGet();
      case EXPIRED, TOO_FAR_AHEAD -> counters.rejectedExpiry.incrementAndGet();
      case HOLDER_FULL -> counters.rejectedHolderCap.incrementAndGet();
      case STORE_FULL -> counters.rejectedFull.incrementAndGet();
      case NOT_NEWER -> {}
    }
    return v;
  }

  private Verdict check(RendezvousRecord record) {
    long now = epochMs.getAsLong();
    if (record.expiresAtMs() <= now) {
      return Verdict.EXPIRED;
    }
    if (record.expiresAtMs() - now > config.ttlMax().toMillis()) {
      return Verdict.TOO_FAR_AHEAD;
    }
    if (!record.verify(verifier)) { // outside the lock: verification is the slow part
      return Verdict.BAD_SIGNATURE;
    }
    synchronized (this) {
      Map<PublicKey, RendezvousRecord> holders = byHash.get(record.hash());
      RendezvousRecord kept = holders == null ? null : holders.get(record.holder());
      if (kept != null) {
        if (record.expiresAtMs() <= kept.expiresAtMs()) {
          return Verdict.NOT_NEWER;
        }
        holders.put(record.holder(), record);
        return Verdict.REFRESHED;
      }
      if (size >= config.recordCountMax()
          || perHolder.getOrDefault(record.holder(), 0) >= config.perHolderMax()) {
        sweepIfDue(now);
      }
      if (perHolder.getOrDefault(record.holder(), 0) >= config.perHolderMax()) {
        return Verdict.HOLDER_FULL;
      }
      if (size >= config.recordCountMax()) {
        return Verdict.STORE_FULL;
      }
      byHash.computeIfAbsent(record.hash(), h -> new HashMap<>()).put(record.holder(), record);
      perHolder.merge(record.holder(), 1, Integer::sum);
      size++;
      return Verdict.STORED;
    }
  }

  /** Unexpired records for {@code hash}, latest expiry first, at most {@code max}. */
  public synchronized List<RendezvousRecord> lookup(BlobHash hash, int max) {
    Map<PublicKey, RendezvousRecord> holders = byHash.get(hash);
    if (holders == null) {
      return List.of();
    }
    long now = epochMs.getAsLong();
    removeExpired(holders, now);
    if (holders.isEmpty()) {
      byHash.remove(hash);
    }
    List<RendezvousRecord> out = new ArrayList<>(holders.values());
    out.sort(Comparator.comparingLong(RendezvousRecord::expiresAtMs).reversed());
    return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
  }

  /** Drops every expired record. */
  public synchronized void sweep() {
    long now = epochMs.getAsLong();
    lastSweepMs = now;
    for (Iterator<Map<PublicKey, RendezvousRecord>> it = byHash.values().iterator();
        it.hasNext(); ) {
      Map<PublicKey, RendezvousRecord> holders = it.next();
      removeExpired(holders, now);
      if (holders.isEmpty()) {
        it.remove();
      }
    }
  }

  private void sweepIfDue(long now) {
    if (lastSweepMs == Long.MIN_VALUE || now - lastSweepMs >= SWEEP_INTERVAL_MS) {
      sweep();
    }
  }

  private void removeExpired(Map<PublicKey, RendezvousRecord> holders, long now) {
    for (Iterator<RendezvousRecord> it = holders.values().iterator(); it.hasNext(); ) {
      RendezvousRecord r = it.next();
      if (r.expiresAtMs() <= now) {
        it.remove();
        size--;
        perHolder.computeIfPresent(r.holder(), (k, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  public synchronized int size() {
    return size;
  }
}
