package dev.conifer.transfer.rendezvous;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the rendezvous service did and refused, for status and tests (P11: counters). */
public final class RendezvousCounters {
  public final AtomicLong published = new AtomicLong();
  public final AtomicLong publishRefused = new AtomicLong();
  public final AtomicLong recordsStored = new AtomicLong();
  public final AtomicLong recordsRefreshed = new AtomicLong();
  public final AtomicLong rejectedSignature = new AtomicLong();
  public final AtomicLong rejectedExpiry = new AtomicLong();
  public final AtomicLong rejectedHolderCap = new AtomicLong();
  public final AtomicLong rejectedFull = new AtomicLong();
  public final AtomicLong rejectedMisaddressed = new AtomicLong();
  public final AtomicLong malformed = new AtomicLong();
  public final AtomicLong inboxDrops = new AtomicLong();
  public final AtomicLong queriesAnswered = new AtomicLong();
  public final AtomicLong queriesSent = new AtomicLong();
  public final AtomicLong queriesTimedOut = new AtomicLong();
  public final AtomicLong answersUnmatched = new AtomicLong();
  public final AtomicLong answerRecordsRejected = new AtomicLong();

  /** Records refused by the store, whatever the reason. */
  public long rejectedTotal() {
    return rejectedSignature.get()
        + rejectedExpiry.get()
        + rejectedHolderCap.get()
        + rejectedFull.get()
        + rejectedMisaddressed.get();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("published", published.get());
    out.put("publishRefused", publishRefused.get());
    out.put("recordsStored", recordsStored.get());
    out.put("recordsRefreshed", recordsRefreshed.get());
    out.put("rejectedSignature", rejectedSignature.get());
    out.put("rejectedExpiry", rejectedExpiry.get());
    out.put("rejectedHolderCap", rejectedHolderCap.get());
    out.put("rejectedFull", rejectedFull.get());
    out.put("rejectedMisaddressed", rejectedMisaddressed.get());
    out.put("malformed", malformed.get());
    out.put("inboxDrops", inboxDrops.get());
    out.put("queriesAnswered", queriesAnswered.get());
    out.put("queriesSent", queriesSent.get());
    out.put("queriesTimedOut", queriesTimedOut.get());
    out.put("answersUnmatched", answersUnmatched.get());
    out.put("answerRecordsRejected", answerRecordsRejected.get());
    return out;
  }
}
