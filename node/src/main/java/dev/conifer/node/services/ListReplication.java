package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Publication;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates what one pulled list names and this node lacks: plans within the rule's quota, fetches
 * up to {@link #FETCHES_MAX} blobs at once from the ranked holders, and admits each on its verified
 * size, one at a time, so the quota holds whatever order the fetches end in.
 */
final class ListReplication {
  private static final Logger LOG = LoggerFactory.getLogger(ListReplication.class);

  /** Blobs fetched at once for one list (a list of many small blobs is bound by round trips). */
  static final int FETCHES_MAX = 8;

  private final BlobServices blobs;
  private final ReplicationCounters counters;

  ListReplication(BlobServices blobs, ReplicationCounters counters) {
    this.blobs = blobs;
    this.counters = counters;
  }

  private record Fetched(Replicator.Plan plan, FetchResult result, Exception failure) {}

  void replicate(
      TrustRule rule,
      Publication list,
      PublicKey from,
      List<PublicKey> holders,
      ReplicationStatus status)
      throws IOException {
    Replicator replicator = blobs.replicator();
    List<Replicator.Plan> plans = replicator.handleAnnouncement(list.publisher(), list.entries());
    int failed = 0;
    long used = replicator.usage(rule);
    int quotaSkipped = list.entries().size() - plans.size() - held(list, rule);
    CompletionService<Fetched> fetches = new ExecutorCompletionService<>(blobs.executor());
    int next = 0;
    int running = 0;
    while (next < plans.size() || running > 0) {
      while (running < FETCHES_MAX && next < plans.size()) {
        Replicator.Plan plan = plans.get(next++);
        fetches.submit(() -> fetch(plan, holders));
        running++;
      }
      Fetched f;
      try {
        f = fetches.take().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("replication of " + list.publisher().shortHex() + " interrupted");
      } catch (ExecutionException e) {
        throw new IOException("a fetch failed unexpectedly", e.getCause());
      }
      running--;
      if (f.failure() != null) {
        failed++;
        counters.fetchFailures.incrementAndGet();
        status.reason = "fetching " + f.plan().hash() + " failed: " + f.failure().getMessage();
        LOG.warn("{}", status.reason);
        continue;
      }
      counters.badBlobHolders.addAndGet(f.result().banned().size());
      long after = replicator.admit(f.plan(), used);
      if (after < 0) {
        failed++;
        counters.quotaRefusals.incrementAndGet();
        status.reason =
            "quota full: " + f.plan().hash() + " (" + f.result().size() + " verified bytes)";
        LOG.info("not keeping {} from {}: {}", f.plan().hash(), from.shortHex(), status.reason);
        continue;
      }
      counters.blobsReplicated.incrementAndGet();
      counters.bytesReplicated.addAndGet(after - used);
      used = after;
    }
    if (quotaSkipped > 0) {
      // Counted once per blob that newly does not fit, not again every round.
      counters.quotaRefusals.addAndGet(Math.max(0, quotaSkipped - status.quotaSkipped));
      status.reason = quotaSkipped + " listed blobs do not fit the quota of " + rule.quotaLength();
      LOG.info("{}: {}", list.publisher().shortHex(), status.reason);
    }
    status.quotaSkipped = Math.max(0, quotaSkipped);
    status.failed = failed + status.quotaSkipped;
    int heldBefore = status.held;
    status.held = held(list, rule);
    if (status.held != heldBefore || !plans.isEmpty()) {
      LOG.info(
          "holding {} of {} listed blobs of {} (version {}, from {})",
          status.held,
          list.entries().size(),
          list.publisher().toHex(),
          list.version(),
          from.toHex());
    }
    if (failed == 0 && quotaSkipped <= 0) {
      status.reason = "";
    }
  }

  private Fetched fetch(Replicator.Plan plan, List<PublicKey> holders) {
    try {
      return new Fetched(plan, blobs.fetcher().fetch(plan.hash(), holders, null), null);
    } catch (IOException | RuntimeException e) {
      return new Fetched(plan, null, e);
    }
  }

  /** Listed blobs this node holds complete with a pin for the rule's key. */
  private int held(Publication list, TrustRule rule) throws IOException {
    var store = blobs.store();
    String tag = "replica:" + rule.key().toHex();
    int n = 0;
    Map<BlobHash, List<Pin>> pins = store.allPins();
    for (Replicator.Announced a : list.entries()) {
      if (pins.getOrDefault(a.hash(), List.of()).stream().anyMatch(p -> tag.equals(p.tag()))
          && store.has(a.hash())) {
        n++;
      }
    }
    return n;
  }
}
