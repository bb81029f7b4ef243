package dev.conifer.sync;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.store.DeferredEntries;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.SyncDirectory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Sync's meters on the registry the node passes in (served at {@code /metrics}): sessions by
 * outcome, entries and bytes sent and received, refused entries by reason, conflicts decided,
 * document edits merged, content released, entries held from the future, and pending local entries
 * per partner (known when bound). Every meter reads counters sync keeps anyway.
 */
public final class SyncMetrics {
  private SyncMetrics() {}

  public static void bindTo(MeterRegistry registry, SyncNode node) {
    SyncCounters c = node.counters();
    counter(registry, "conifer.sync.sessions", c.syncsCompleted, "outcome", "completed");
    counter(registry, "conifer.sync.sessions", c.syncsFailed, "outcome", "failed");
    counter(registry, "conifer.sync.entries", c.entriesSent, "direction", "sent");
    counter(registry, "conifer.sync.entries", c.entriesReceived, "direction", "received");
    counter(registry, "conifer.sync.bytes", c.bytesSent, "direction", "sent");
    counter(registry, "conifer.sync.bytes", c.bytesReceived, "direction", "received");
    counter(registry, "conifer.sync.refused", c.badSignature, "reason", "bad_signature");
    counter(registry, "conifer.sync.refused", c.noWriteCapability, "reason", "no_write_capability");
    counter(registry, "conifer.sync.refused", c.futureTimestamp, "reason", "future_timestamp");
    counter(registry, "conifer.sync.refused", c.malformed, "reason", "malformed");
    counter(registry, "conifer.sync.refused", c.outsideInterest, "reason", "outside_interest");
    counter(registry, "conifer.sync.refused", c.readRefused, "reason", "no_read_capability");
    counter(registry, "conifer.sync.refused", c.revokedWrite, "reason", "revoked_write");
    counter(registry, "conifer.sync.refused", c.reservedKey, "reason", "reserved_key");
    counter(registry, "conifer.sync.sessions.revoked", c.capabilityRevoked);
    counter(registry, "conifer.sync.future.deferred", c.futureDeferred);
    counter(registry, "conifer.sync.future.accepted", c.futureAccepted);
    EntryStore store = node.store();
    persistent(registry, "conifer.sync.conflicts.decided", store, EntryStore::conflictsDecided);
    persistent(registry, "conifer.sync.documents.merged", store, EntryStore::documentsMerged);
    persistent(registry, "conifer.sync.content.released", store, EntryStore::contentReleased);
    SyncDirectory directory = node.directory();
    for (String reason : NamespaceTicket.REFUSAL_REASONS) {
      FunctionCounter.builder(
              "conifer.sync.tickets.refused",
              directory,
              d -> d.ticketsRefused().getOrDefault(reason, 0L))
          .tag("reason", reason.replace('-', '_'))
          .description("namespace tickets refused by sync ns join, by reason")
          .register(registry);
    }
    Gauge.builder("conifer.sync.future.held", node.context().deferred(), DeferredEntries::size)
        .description("entries from the future held until the clock catches up")
        .register(registry);
    for (SyncDirectory.Partner p : node.directory().partners()) {
      bindPartner(registry, node, p.key());
    }
  }

  /**
   * The pending-entries gauge of one partner; the node calls it for a partner added at run time (a
   * join, a peer that joined with our ticket). Binding one twice is harmless.
   */
  public static void bindPartner(MeterRegistry registry, SyncNode node, PublicKey partner) {
    Gauge.builder("conifer.sync.pending", node, n -> pending(n, partner))
        .description("local entries written since the partner's last sync")
        .tag("partner", partner.shortHex())
        .register(registry);
  }

  private static double pending(SyncNode node, PublicKey partner) {
    for (SyncDirectory.Partner p : node.directory().partners()) {
      if (p.key().equals(partner)) {
        return node.store().localWritesSince(p.lastSyncEpochMs());
      }
    }
    return 0;
  }

  private static void counter(MeterRegistry r, String name, AtomicLong value, String... tags) {
    FunctionCounter.Builder<AtomicLong> b =
        FunctionCounter.builder(name, value, AtomicLong::get)
            .tags(tags)
            .description(DESCRIPTIONS.getOrDefault(name, name));
    if (name.endsWith(".bytes")) {
      b.baseUnit("bytes");
    }
    b.register(r);
  }

  private static final java.util.Map<String, String> DESCRIPTIONS =
      java.util.Map.of(
          "conifer.sync.sessions", "sync sessions by outcome",
          "conifer.sync.entries", "entries sent and received in sync sessions",
          "conifer.sync.bytes", "sync frames sent and received, headers included",
          "conifer.sync.refused", "received entries or sessions refused, by reason",
          "conifer.sync.future.deferred", "entries from the future held instead of refused",
          "conifer.sync.sessions.revoked", "sessions refused for a revoked capability",
          "conifer.sync.future.accepted", "held entries stored once the clock caught up");

  private static void persistent(
      MeterRegistry r, String name, EntryStore store, ToDoubleFunction<EntryStore> read) {
    FunctionCounter.builder(name, store, read)
        .description("persistent sync counter: " + name.substring("conifer.sync.".length()))
        .register(r);
  }
}
