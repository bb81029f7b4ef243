package dev.conifer.sync.entry;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;

/**
 * Decides whether an entry may be stored: the author's signature, a write capability (the author is
 * the namespace key, or the entry carries a write grant the namespace key signed for the author),
 * and a timestamp no further in the future than the configured skew.
 */
public final class EntryValidator {
  /** The outcome of one check; anything but OK is counted and the entry dropped. */
  public enum Verdict {
    OK,
    BAD_SIGNATURE,
    NO_WRITE_CAPABILITY,
    FUTURE_TIMESTAMP,
    WRONG_NAMESPACE
  }

  private final Verifier verifier;
  private final long clockSkewMaxUs;

  public EntryValidator(Verifier verifier, long clockSkewMaxUs) {
    this.verifier = verifier;
    this.clockSkewMaxUs = clockSkewMaxUs;
  }

  /** Checks {@code entry} against local wall-clock time {@code nowEpochUs}. */
  public Verdict check(Entry entry, long nowEpochUs) {
    if (entry.timestampUs() > nowEpochUs + clockSkewMaxUs) {
      return Verdict.FUTURE_TIMESTAMP;
    }
    if (!hasWriteCapability(entry)) {
      return Verdict.NO_WRITE_CAPABILITY;
    }
    if (!entry.verifySignature(verifier)) {
      return Verdict.BAD_SIGNATURE;
    }
    return Verdict.OK;
  }

  /** Like {@link #check} but also requires the entry to belong to {@code namespace}. */
  public Verdict check(Entry entry, PublicKey namespace, long nowEpochUs) {
    return entry.namespace().equals(namespace) ? check(entry, nowEpochUs) : Verdict.WRONG_NAMESPACE;
  }

  private boolean hasWriteCapability(Entry entry) {
    if (entry.author().equals(entry.namespace())) {
      return true;
    }
    // Judged at the entry's own time, so the verdict is the same on every replica whenever the
    // entry arrives: a write made before the grant expired stays valid afterwards.
    Grant grant = entry.grant();
    return grant != null
        && grant.allowsAt(
            entry.namespace(),
            entry.author(),
            Grant.Mode.WRITE,
            entry.timestampUs() / 1_000_000,
            verifier);
  }

  public long clockSkewMaxUs() {
    return clockSkewMaxUs;
  }
}
