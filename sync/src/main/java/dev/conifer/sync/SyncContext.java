package dev.conifer.sync;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import java.util.function.Function;

/**
 * What a {@link SyncSession} works against: the local node key, the store, the validator, the
 * counters, and {@code readGrants}, which returns our own read grant for a namespace (null when we
 * do not host it), and {@code deferred}, the entries held until the clock catches up with them.
 */
public record SyncContext(
    PublicKey localKey,
    EntryStore store,
    EntryValidator validator,
    Verifier verifier,
    SyncCounters counters,
    ReconcileConfig reconcileConfig,
    ContentStore content,
    Function<PublicKey, Grant> readGrants,
    DeferredEntries deferred) {

  /** A context whose entries from the future are held with the default bounds. */
  public SyncContext(
      PublicKey localKey,
      EntryStore store,
      EntryValidator validator,
      Verifier verifier,
      SyncCounters counters,
      ReconcileConfig reconcileConfig,
      ContentStore content,
      Function<PublicKey, Grant> readGrants) {
    this(
        localKey,
        store,
        validator,
        verifier,
        counters,
        reconcileConfig,
        content,
        readGrants,
        DeferredEntries.defaults());
  }
}
