package dev.conifer.sync.entry;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import java.util.function.Function;

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
    WRONG_NAMESPACE,
    /** Under the reserved {@code .conifer/} prefix but not a valid namespace-signed revocation. */
    RESERVED_KEY,
    /** Signed under a grant chain that was revoked at or before the entry's own time. */
    REVOKED
  }

  private final Verifier verifier;
  private final long clockSkewMaxUs;
  private final Function<PublicKey, Revocations> revocations;

  public EntryValidator(Verifier verifier, long clockSkewMaxUs) {
    this(verifier, clockSkewMaxUs, ns -> Revocations.NONE);
  }

  /** {@code revocations}: the revocations this node knows for a namespace. */
  public EntryValidator(
      Verifier verifier, long clockSkewMaxUs, Function<PublicKey, Revocations> revocations) {
    this.verifier = verifier;
    this.clockSkewMaxUs = clockSkewMaxUs;
    this.revocations = revocations;
  }

  /** Checks {@code entry} against local wall-clock time {@code nowEpochUs}. */
  public Verdict check(Entry entry, long nowEpochUs) {
    if (entry.timestampUs() > nowEpochUs + clockSkewMaxUs) {
      return Verdict.FUTURE_TIMESTAMP;
    }
    if (!hasWriteCapability(entry)) {
      return Verdict.NO_WRITE_CAPABILITY;
    }
    if (Revocations.isReserved(entry.key()) && !validReservedEntry(entry)) {
      return Verdict.RESERVED_KEY;
    }
    if (!entry.verifySignature(verifier)) {
      return Verdict.BAD_SIGNATURE;
    }
    if (!entry.author().equals(entry.namespace())
        && revocations.apply(entry.namespace()).revokedAtUs(entry.grant()) <= entry.timestampUs()) {
      return Verdict.REVOKED; // judged at the entry's own time, like expiry
    }
    return Verdict.OK;
  }

  /** Only the namespace key writes revocations (a value or a tombstone, never a document). */
  private static boolean validReservedEntry(Entry entry) {
    return entry.author().equals(entry.namespace())
        && Revocations.target(entry.key()) != null
        && !entry.mergeable();
  }

  /** The revocations known for {@code namespace}. */
  public Revocations revocations(PublicKey namespace) {
    return revocations.apply(namespace);
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
