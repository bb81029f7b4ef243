package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.replicate.HolderRank;
import dev.conifer.transfer.replicate.NodeRole;
import dev.conifer.transfer.replicate.Publication;
import dev.conifer.transfer.replicate.PublicationPage;
import dev.conifer.transfer.replicate.PublicationPuller;
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

  /** Holders that sent a notice of a publisher's list, asked too (at most a few per list). */
  private final Map<PublicKey, Set<PublicKey>> hints = new ConcurrentHashMap<>();

  static final int HINTS_MAX = 4;

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

  /** {@code holder} said it has {@code publisher}'s list: ask it too on the next pull. */
  void hint(PublicKey publisher, PublicKey holder) {
    hints.compute(
        publisher,
        (k, v) -> {
          Set<PublicKey> s = v == null ? new LinkedHashSet<>() : new LinkedHashSet<>(v);
          s.remove(holder);
          s.add(holder);
          if (s.size() > HINTS_MAX) {
            s.remove(s.iterator().next());
          }
          return s;
        });
  }

  /**
   * Pulls {@code rule.key()}'s list and replicates what fits; updates {@code status}. Returns
   * whether this node now holds a newer version of the list than before.
   */
  boolean pull(TrustRule rule, ReplicationPolicy policy, ReplicationStatus status) {
    PublicKey key = rule.key();
    status.lastPullEpochMs = System.currentTimeMillis();
    List<PublicKey> candidates = candidates(key, policy);
    PublicationPuller.Outcome outcome;
    try {
      outcome =
          new PublicationPuller(
                  blobs.connector(), blobs.executor(), PublicationPuller.PUBLISHER_GRACE)
              .pull(key, candidates, blobs.publications().version(key));
    } catch (BlobsException e) {
      status.publisherAnswered = false;
      status.listReached = false;
      (e.error() == dev.conifer.transfer.BlobsError.IO
              ? counters.pullsUnreachable
              : counters.badLists)
          .incrementAndGet();
      status.reason = e.getMessage();
      LOG.info("{}", e.getMessage());
      return false;
    }
    counters.pulls.incrementAndGet();
    status.listReached = true;
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
      // Blobs come from the best-ranked holders (always-on cluster members first), wherever the
      // list came from; the one that served the list is known to be reachable, and those that
      // could not be reached just now are left out (each would cost a dial timeout per blob).
      List<PublicKey> holders = new ArrayList<>(candidates);
      holders.removeAll(outcome.unreachable());
      if (!holders.contains(outcome.from())) {
        holders.add(outcome.from());
      }
      new ListReplication(blobs, counters).replicate(rule, list, outcome.from(), holders, status);
    } catch (IOException | RuntimeException e) {
      status.reason = "replicating " + key.shortHex() + " failed: " + e;
      LOG.warn("{}", status.reason);
    }
    return outcome.changed();
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
    found.addAll(hints.getOrDefault(publisher, Set.of()));
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
