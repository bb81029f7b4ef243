package dev.conifer.sync;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.ContentStore;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ReconcileConfig;
import dev.conifer.sync.store.DeferredEntries;
import dev.conifer.sync.store.EntryStore;
import java.util.function.Function;

/**
 * What a {@link SyncSession} works against: the local node key, the store, the validator, the
 * counters, and {@code readGrants}, which returns our own read grant for a namespace (null when we
 * do not host it), {@code deferred}, the entries held until the clock catches up with them, and
 * {@code interests}, the keys this node wants of a namespace (a peer's request is narrowed to
 * them).
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
    DeferredEntries deferred,
    Function<PublicKey, Interest> interests) {

  /** A context that wants every key of every namespace it hosts. */
  public SyncContext(
      PublicKey localKey,
      EntryStore store,
      EntryValidator validator,
      Verifier verifier,
      SyncCounters counters,
      ReconcileConfig reconcileConfig,
      ContentStore content,
      Function<PublicKey, Grant> readGrants,
      DeferredEntries deferred) {
    this(
        localKey,
        store,
        validator,
        verifier,
        counters,
        reconcileConfig,
        content,
        readGrants,
        deferred,
        Interest::all);
  }

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
