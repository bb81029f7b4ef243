package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.replicate.HolderRank;
import dev.conifer.transfer.replicate.NodeRole;
import dev.conifer.transfer.replicate.Publication;
import dev.conifer.transfer.replicate.PublicationPage;
import dev.conifer.transfer.replicate.PublicationPuller;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.wire.BlobsClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull of one trusted publisher: find who holds its list (the publisher, and holders found
 * through the rendezvous records of its list's topic), always-on members of this node's clusters
 * first; pull the list page by page; fetch what is missing and keep it if its verified size fits
 * the quota. Runs on the replication thread only.
 */
final class PublisherPull {
  private static final Logger LOG = LoggerFactory.getLogger(PublisherPull.class);

  /** A node's declared role and clusters, as read from its signed list. */
  record Declared(NodeRole role, List<String> clusters) {}

  private final PublicKey self;
  private final BlobServices blobs;
  private final ReplicationCounters counters;
  private final Map<PublicKey, Declared> declared = new ConcurrentHashMap<>();

  PublisherPull(PublicKey self, BlobServices blobs, ReplicationCounters counters) {
    this.self = self;
    this.blobs = blobs;
    this.counters = counters;
  }

  /** What this node knows a key declared; null if it has not seen its list. */
  Declared declared(PublicKey key) {
    return declared.get(key);
  }

  void learn(Publication p) {
    declared.put(p.publisher(), new Declared(p.role(), p.clusters()));
  }

  /** Pulls {@code rule.key()}'s list and replicates what fits; updates {@code status}. */
  void pull(TrustRule rule, ReplicationPolicy policy, ReplicationStatus status) {
    PublicKey key = rule.key();
    status.lastPullEpochMs = System.currentTimeMillis();
    List<PublicKey> candidates = candidates(key, policy);
    PublicationPuller.Outcome outcome;
    try {
      outcome =
          new PublicationPuller(blobs.connector())
              .pull(key, candidates, blobs.publications().version(key));
    } catch (BlobsException e) {
      status.publisherAnswered = false;
      (e.error() == dev.conifer.transfer.BlobsError.IO
              ? counters.pullsUnreachable
              : counters.badLists)
          .incrementAndGet();
      status.reason = e.getMessage();
      LOG.info("{}", e.getMessage());
      return;
    }
    counters.pulls.incrementAndGet();
    status.publisherAnswered = outcome.from().equals(key);
    counters.badLists.addAndGet(outcome.badLists());
    if (outcome.badLists() > 0) {
      LOG.info("pulling {}: skipped {}", key.shortHex(), outcome.skipped());
    }
    try {
      if (outcome.changed()) {
        blobs.publications().put(outcome.publication());
        LOG.info(
            "pulled version {} of {}'s list ({} blobs) from {}",
            outcome.publication().version(),
            key.shortHex(),
            outcome.publication().entries().size(),
            outcome.from().shortHex());
      }
      Publication list = blobs.publications().get(key).orElseThrow();
      learn(list);
      status.version = list.version();
      status.listed = list.entries().size();
      status.from = outcome.from().toHex();
      replicate(rule, list, outcome.from(), candidates, status);
    } catch (IOException | RuntimeException e) {
      status.reason = "replicating " + key.shortHex() + " failed: " + e;
      LOG.warn("{}", status.reason);
    }
  }

  private void replicate(
      TrustRule rule,
      Publication list,
      PublicKey from,
      List<PublicKey> candidates,
      ReplicationStatus status)
      throws IOException {
    Replicator replicator = blobs.replicator();
    List<Replicator.Plan> plans = replicator.handleAnnouncement(list.publisher(), list.entries());
    int failed = 0;
    long used = replicator.usage(rule);
    // Blobs come from the best-ranked holders (always-on cluster members first), wherever the
    // list came from; the one that served the list is known to be reachable.
    List<PublicKey> holders = new ArrayList<>(candidates);
    if (!holders.contains(from)) {
      holders.add(from);
    }
    int quotaSkipped = list.entries().size() - plans.size() - alreadyHeld(list, rule);
    for (Replicator.Plan plan : plans) {
      try {
        FetchResult result = blobs.fetcher().fetch(plan.hash(), holders, null);
        counters.badBlobHolders.addAndGet(result.banned().size());
        long after = replicator.admit(plan, used);
        if (after < 0) {
          failed++;
          counters.quotaRefusals.incrementAndGet();
          status.reason = "quota full: " + plan.hash() + " (" + result.size() + " verified bytes)";
          LOG.info("not keeping {} from {}: {}", plan.hash(), from.shortHex(), status.reason);
          continue;
        }
        counters.blobsReplicated.incrementAndGet();
        counters.bytesReplicated.addAndGet(after - used);
        used = after;
      } catch (IOException | RuntimeException e) {
        failed++;
        counters.fetchFailures.incrementAndGet();
        status.reason = "fetching " + plan.hash() + " failed: " + e.getMessage();
        LOG.warn("{}", status.reason);
      }
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
    status.held = alreadyHeld(list, rule);
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

  /** Listed blobs this node holds complete with a pin for the rule's key. */
  private int alreadyHeld(Publication list, TrustRule rule) throws IOException {
    var store = blobs.store();
    Set<String> tags = Set.of("replica:" + rule.key().toHex());
    int n = 0;
    Map<dev.conifer.transfer.hash.BlobHash, List<dev.conifer.transfer.store.Pin>> pins =
        store.allPins();
    for (Replicator.Announced a : list.entries()) {
      if (pins.getOrDefault(a.hash(), List.of()).stream().anyMatch(p -> tags.contains(p.tag()))
          && store.has(a.hash())) {
        n++;
      }
    }
    return n;
  }

  /**
   * Who to ask for {@code publisher}'s list and blobs, best first: always-on members of this node's
   * clusters, then the publisher, then any other holder of its list.
   */
  List<PublicKey> candidates(PublicKey publisher, ReplicationPolicy policy) {
    Set<PublicKey> found = new LinkedHashSet<>();
    try {
      // Direct peers and sync partners, then the rendezvous records of the list's topic.
      found.addAll(blobs.holders().holders(Publication.topic(publisher)));
    } catch (IOException e) {
      LOG.info("finding holders of {}'s list: {}", publisher.shortHex(), e.toString());
    }
    found.add(publisher);
    found.remove(self);
    for (PublicKey k : found) {
      if (!declared.containsKey(k) && !k.equals(publisher)) {
        learnFrom(k);
      }
    }
    List<PublicKey> ordered = new ArrayList<>(found);
    ordered.sort(Comparator.comparingInt(k -> rank(k, publisher, policy)));
    return ordered;
  }

  int rank(PublicKey k, PublicKey publisher, ReplicationPolicy policy) {
    Declared d = declared.get(k);
    return HolderRank.of(
        d == null ? null : d.role(),
        d == null ? List.of() : d.clusters(),
        k.equals(publisher),
        policy.clusters());
  }

  /** Reads the first page of a holder's own list: its role and clusters. */
  private void learnFrom(PublicKey holder) {
    try (BlobsClient client = blobs.connector().connect(holder)) {
      PublicationPage page = client.listPage(holder, 0);
      declared.put(holder, new Declared(page.role(), page.clusters()));
    } catch (IOException | RuntimeException e) {
      LOG.info("cannot read the role of holder {}: {}", holder.shortHex(), e.getMessage());
    }
  }
}
