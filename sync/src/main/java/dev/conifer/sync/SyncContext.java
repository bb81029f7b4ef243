package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
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

  /**
   * A builder for the parts that have defaults: the Ed25519 verifier, fresh counters, the default
   * reconcile bounds, no content store, entries from the future held with the default bounds, and
   * an interest in every key of every namespace this node hosts.
   */
  public static Builder builder(
      PublicKey localKey,
      EntryStore store,
      EntryValidator validator,
      Function<PublicKey, Grant> readGrants) {
    return new Builder(localKey, store, validator, readGrants);
  }

  /** See {@link SyncContext#builder}. */
  public static final class Builder {
    private final PublicKey localKey;
    private final EntryStore store;
    private final EntryValidator validator;
    private final Function<PublicKey, Grant> readGrants;
    private Verifier verifier = Ed25519.VERIFIER;
    private SyncCounters counters = new SyncCounters();
    private ReconcileConfig reconcileConfig = ReconcileConfig.defaults();
    private ContentStore content;
    private DeferredEntries deferred;
    private Function<PublicKey, Interest> interests = Interest::all;

    private Builder(
        PublicKey localKey,
        EntryStore store,
        EntryValidator validator,
        Function<PublicKey, Grant> readGrants) {
      this.localKey = localKey;
      this.store = store;
      this.validator = validator;
      this.readGrants = readGrants;
    }

    public Builder verifier(Verifier verifier) {
      this.verifier = verifier;
      return this;
    }

    public Builder counters(SyncCounters counters) {
      this.counters = counters;
      return this;
    }

    public Builder reconcileConfig(ReconcileConfig reconcileConfig) {
      this.reconcileConfig = reconcileConfig;
      return this;
    }

    public Builder content(ContentStore content) {
      this.content = content;
      return this;
    }

    public Builder deferred(DeferredEntries deferred) {
      this.deferred = deferred;
      return this;
    }

    public Builder interests(Function<PublicKey, Interest> interests) {
      this.interests = interests;
      return this;
    }

    public SyncContext build() {
      return new SyncContext(
          localKey,
          store,
          validator,
          verifier,
          counters,
          reconcileConfig,
          content,
          readGrants,
          deferred == null ? DeferredEntries.defaults() : deferred,
          interests);
    }
  }
}
