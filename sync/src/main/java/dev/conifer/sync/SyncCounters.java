package dev.conifer.sync;

import dev.conifer.sync.entry.EntryValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters for refused input and sync work; read by status and tests, never logged per entry. */
public final class SyncCounters {
  public final AtomicLong badSignature = new AtomicLong();
  public final AtomicLong noWriteCapability = new AtomicLong();
  public final AtomicLong futureTimestamp = new AtomicLong();

  /** Of those, held until the clock catches up (not resent by the peer meanwhile). */
  public final AtomicLong futureDeferred = new AtomicLong();

  /** Held entries stored once the clock caught up with them. */
  public final AtomicLong futureAccepted = new AtomicLong();

  public final AtomicLong malformed = new AtomicLong();
  public final AtomicLong outsideInterest = new AtomicLong();
  public final AtomicLong readRefused = new AtomicLong();

  /** Of those, refused because the peer's read capability had expired. */
  public final AtomicLong capabilityExpired = new AtomicLong();

  /** Sessions refused because the peer's capability (or one it came from) was revoked. */
  public final AtomicLong capabilityRevoked = new AtomicLong();

  /** Entries refused: signed under a revoked grant at or after its revocation. */
  public final AtomicLong revokedWrite = new AtomicLong();

  /** Entries refused: under the reserved .conifer/ prefix but not a namespace-signed revocation. */
  public final AtomicLong reservedKey = new AtomicLong();

  public final AtomicLong entriesReceived = new AtomicLong();
  public final AtomicLong entriesSent = new AtomicLong();
  public final AtomicLong bytesSent = new AtomicLong();
  public final AtomicLong bytesReceived = new AtomicLong();
  public final AtomicLong syncsCompleted = new AtomicLong();
  public final AtomicLong syncsFailed = new AtomicLong();

  /** Counts one rejection by its verdict. */
  public void countRejected(EntryValidator.Verdict verdict) {
    switch (verdict) {
      case BAD_SIGNATURE -> badSignature.incrementAndGet();
      case NO_WRITE_CAPABILITY -> noWriteCapability.incrementAndGet();
      case FUTURE_TIMESTAMP -> futureTimestamp.incrementAndGet();
      case WRONG_NAMESPACE -> outsideInterest.incrementAndGet();
      case REVOKED -> revokedWrite.incrementAndGet();
      case RESERVED_KEY -> reservedKey.incrementAndGet();
      case OK -> {}
    }
  }

  public long rejectedTotal() {
    return badSignature.get()
        + noWriteCapability.get()
        + futureTimestamp.get()
        + malformed.get()
        + revokedWrite.get()
        + reservedKey.get()
        + outsideInterest.get();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("badSignature", badSignature.get());
    out.put("noWriteCapability", noWriteCapability.get());
    out.put("futureTimestamp", futureTimestamp.get());
    out.put("futureDeferred", futureDeferred.get());
    out.put("futureAccepted", futureAccepted.get());
    out.put("malformed", malformed.get());
    out.put("outsideInterest", outsideInterest.get());
    out.put("readRefused", readRefused.get());
    out.put("capabilityExpired", capabilityExpired.get());
    out.put("capabilityRevoked", capabilityRevoked.get());
    out.put("revokedWrite", revokedWrite.get());
    out.put("reservedKey", reservedKey.get());
    out.put("entriesReceived", entriesReceived.get());
    out.put("entriesSent", entriesSent.get());
    out.put("syncsCompleted", syncsCompleted.get());
    out.put("syncsFailed", syncsFailed.get());
    return out;
  }
}
