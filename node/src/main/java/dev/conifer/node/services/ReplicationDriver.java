package dev.conifer.node.services;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Publication;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication follows relationship, driven on one thread: this node's own publication list is
 * re-signed whenever its pins change; every pull interval, and when a trusted key comes online,
 * each trusted key's list is pulled and what is missing fetched ({@link PublisherPull}); lists held
 * for others are announced through rendezvous so that others find this node as a holder; quotas and
 * the capacity are enforced. The policy changes at run time through {@link #update}, which persists
 * it.
 */
public final class ReplicationDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationDriver.class);

  /** A blob pinned here is in this node's list within about this long (unpins: next round). */
  static final Duration NEW_PINS_POLL = Duration.ofSeconds(1);

  private final Path dataDir;
  private final BlobServices blobs;
  private final Signer signer;
  private final ReplicationCounters counters = new ReplicationCounters();
  private final PublisherPull puller;
  private final SafeCopies safeCopies;
  private final ListNotices notices;
  private final PullTriggers triggers;
  private final Map<PublicKey, ReplicationStatus> status = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          BlobServices.daemonThreads("conifer-replication-"));
  private volatile ReplicationPolicy policy;
  private ScheduledFuture<?> schedule;
  private long pinsCursor; // the replication thread only
  private volatile String nextRoundTrigger = "schedule";

  private ReplicationDriver(
      Path dataDir, BlobServices blobs, Signer signer, ReplicationPolicy policy) {
    this.dataDir = dataDir;
    this.blobs = blobs;
    this.signer = signer;
    this.policy = policy;
    this.puller = new PublisherPull(signer.publicKey(), blobs, counters);
    this.safeCopies = new SafeCopies(blobs);
    this.notices = new ListNotices(blobs, signer.publicKey(), counters);
    this.triggers =
        new PullTriggers(
            thread,
            counters,
            (key, why) -> {
              TrustRule rule = ruleOf(key);
              if (rule != null) {
                pullOne(rule, why);
              }
            });
    blobs.showSafeCopies(safeCopies::count);
    blobs.onListEvents(
        new dev.conifer.transfer.wire.PublicationSource.Listener() {
          @Override
          public void asked(PublicKey remote, PublicKey publisher, int page) {
            notices.asked(remote, publisher, page);
          }

          @Override
          public void notice(PublicKey remote, PublicKey publisher, long version) {
            noticeReceived(remote, publisher, version);
          }
        });
  }

  /** Starts the schedule; the first round runs at once. */
  public static ReplicationDriver start(
      Path dataDir, BlobServices blobs, Signer signer, ReplicationPolicy policy) {
    ReplicationDriver d = new ReplicationDriver(dataDir, blobs, signer, policy);
    blobs.replicator().setRules(policy.rules());
    d.reschedule(Duration.ZERO);
    d.thread.scheduleWithFixedDelay(
        d::refreshOnNewPins,
        NEW_PINS_POLL.toMillis(),
        NEW_PINS_POLL.toMillis(),
        TimeUnit.MILLISECONDS);
    return d;
  }

  public ReplicationCounters counters() {
    return counters;
  }

  public ReplicationPolicy policy() {
    return policy;
  }

  /** Applies and saves a change to the policy, then runs a round soon. */
  public synchronized ReplicationPolicy update(UnaryOperator<ReplicationPolicy> change)
      throws IOException {
    ReplicationPolicy before = policy;
    ReplicationPolicy next = change.apply(before);
    next.save(dataDir);
    policy = next;
    blobs.replicator().setRules(next.rules());
    for (TrustRule r : before.rules()) {
      if (r.key() != null && next.rules().stream().noneMatch(n -> r.key().equals(n.key()))) {
        thread.execute(() -> forget(r.key()));
      }
    }
    nextRoundTrigger = "policy";
    reschedule(Duration.ofMillis(100));
    return next;
  }

  private synchronized void reschedule(Duration first) {
    if (schedule != null) {
      schedule.cancel(false);
    }
    schedule =
        thread.scheduleWithFixedDelay(
            this::round, first.toMillis(), policy.pullInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A direct peer came up, so the overlay reaches more keys now: notices that could not be
   * delivered are tried again, a trusted key that came up is pulled at once, and so is every
   * trusted key whose last pull reached nobody (rate limited per key by {@link PullTriggers}).
   */
  public void peerUp(PublicKey key) {
    notices.retryPending(true);
    for (TrustRule rule : policy.rules()) {
      PublicKey k = rule.key();
      if (k != null && !k.equals(signer.publicKey()) && (k.equals(key) || !status(k).listReached)) {
        triggers.request(k, "peer-up");
      }
    }
  }

  /**
   * {@code remote} says {@code publisher}'s list has version {@code version}: pull it soon if this
   * node trusts the publisher and holds an older version. The pulled pages are verified as always,
   * so a false notice costs at most one page-0 round trip per {@link PullTriggers#SPACING}.
   */
  void noticeReceived(PublicKey remote, PublicKey publisher, long version) {
    counters.noticesReceived.incrementAndGet();
    if (ruleOf(publisher) == null
        || publisher.equals(signer.publicKey())
        || version <= blobs.publications().version(publisher)) {
      counters.noticesIgnored.incrementAndGet();
      LOG.info(
          "ignoring a notice from {} of version {} of {}'s list: {}",
          remote.shortHex(),
          version,
          publisher.shortHex(),
          ruleOf(publisher) == null ? "not trusted here" : "that version is held already");
      return;
    }
    puller.hint(publisher, remote);
    LOG.info(
        "{} says {}'s list has version {}: pulling",
        remote.shortHex(),
        publisher.shortHex(),
        version);
    triggers.request(publisher, "notice");
  }

  /** Runs a pull of {@code key} (or a whole round, if null) now and waits for it. */
  public void pullNow(PublicKey key, Duration timeout) throws IOException {
    Future<?> done =
        thread.submit(
            () -> {
              if (key == null) {
                nextRoundTrigger = "manual";
                round();
              } else {
                TrustRule rule = ruleOf(key);
                if (rule == null) {
                  throw new IllegalArgumentException(key.toHex() + " is not trusted");
                }
                refreshOwnList();
                pullOne(rule, "manual");
              }
            });
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IOException("pull failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("pull still running after " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  private TrustRule ruleOf(PublicKey key) {
    return policy.rules().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
  }

  ReplicationStatus status(PublicKey key) {
    return status.computeIfAbsent(key, k -> new ReplicationStatus());
  }

  /** Bytes held under a rule now. */
  long usage(TrustRule rule) throws IOException {
    return blobs.replicator().usage(rule);
  }

  private void round() {
    String trigger = nextRoundTrigger;
    nextRoundTrigger = "schedule";
    try {
      refreshOwnList();
      notices.retryPending(false);
      for (TrustRule rule : policy.rules()) {
        if (rule.key() != null) {
          pullOne(rule, trigger);
        }
      }
      for (TrustRule rule : policy.rules()) {
        // Push as well (a peer's gift quota takes announcements), to keys that answered just now.
        if (rule.key() != null && status(rule.key()).publisherAnswered) {
          blobs.announcePins(rule.key());
        }
      }
      announceHeldLists();
      enforce();
      safeCopies.check(clusterHolders());
    } catch (RuntimeException e) {
      LOG.warn("replication round failed: {}", e.toString());
    }
  }

  private void pullOne(TrustRule rule, String trigger) {
    if (!rule.key().equals(signer.publicKey())) {
      ReplicationStatus s = status(rule.key());
      s.lastTrigger = trigger;
      if (puller.pull(rule, policy, s)) {
        notices.changed(rule.key()); // pass the news on to whoever asked this node for the list
      }
    }
  }

  /**
   * Re-signs this node's list soon after something is pinned (a cheap look at the pins' cursor).
   */
  private void refreshOnNewPins() {
    try {
      long cursor = blobs.store().pinsSince(pinsCursor).cursor();
      if (cursor != pinsCursor) {
        pinsCursor = cursor;
        refreshOwnList();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read new pins: {}", e.toString());
    }
  }

  /**
   * Re-signs this node's list when what it publishes (blobs it pinned itself, complete), its role
   * or its clusters changed; the version is the later of the previous one plus one and the clock.
   */
  void refreshOwnList() {
    try {
      List<Replicator.Announced> mine = new ArrayList<>();
      Map<BlobHash, List<Pin>> pins = blobs.store().allPins();
      for (BlobInfo info : blobs.store().list()) {
        boolean own =
            pins.getOrDefault(info.hash(), List.of()).stream().anyMatch(p -> p.tier().isEmpty());
        if (own && info.complete()) {
          mine.add(new Replicator.Announced(info.hash(), info.size()));
        }
      }
      ReplicationPolicy p = policy;
      var current = blobs.publications().get(signer.publicKey());
      if (current.isPresent()
          && current.get().entries().equals(mine)
          && current.get().role() == p.role()
          && current.get().clusters().equals(p.clusters())) {
        return;
      }
      long version =
          Math.max(current.map(Publication::version).orElse(0L) + 1, System.currentTimeMillis());
      Publication list = Publication.build(signer, version, p.role(), p.clusters(), mine);
      blobs.publications().put(list);
      puller.learn(list);
      notices.changed(signer.publicKey());
      if (blobs.rendezvous() != null) {
        blobs.rendezvous().publish(Publication.topic(signer.publicKey()));
      }
      LOG.info("published version {} of this node's list: {} blobs", version, mine.size());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot publish this node's list: {}", e.toString());
    }
  }

  /** Always-on members of this node's clusters: direct peers and holders of its own list. */
  private List<PublicKey> clusterHolders() {
    ReplicationPolicy p = policy;
    List<PublicKey> members = new ArrayList<>();
    if (p.clusters().isEmpty()) {
      return members;
    }
    for (PublicKey k : puller.candidates(signer.publicKey(), p)) {
      if (puller.rank(k, signer.publicKey(), p) == 0) {
        members.add(k);
      }
    }
    return members;
  }

  /** Says, through rendezvous, that this node holds the lists it keeps (so it is found). */
  private void announceHeldLists() {
    if (blobs.rendezvous() == null) {
      return;
    }
    List<BlobHash> topics = new ArrayList<>();
    for (PublicKey k : blobs.publications().publishers()) {
      topics.add(Publication.topic(k));
    }
    blobs.rendezvous().publishAll(topics);
  }

  /** Quotas first (a quota lowered at run time), then the capacity, lowest tier first. */
  private void enforce() {
    try {
      Replicator r = blobs.replicator();
      for (TrustRule rule : policy.rules()) {
        List<BlobHash> trimmed = r.trimToQuota(rule);
        if (!trimmed.isEmpty()) {
          counters.evictions.addAndGet(trimmed.size());
          LOG.info("evicted {} blobs over the {} quota", trimmed.size(), rule.tier());
        }
      }
      if (policy.capacityLength() > 0) {
        List<BlobHash> evicted = r.evictToFit(policy.capacityLength());
        if (!evicted.isEmpty()) {
          counters.evictions.addAndGet(evicted.size());
          LOG.info(
              "evicted {} blobs to stay under {} bytes", evicted.size(), policy.capacityLength());
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("eviction failed: {}", e.toString());
    }
  }

  /** A key no longer trusted: its copies become plain cache, its list is no longer served. */
  private void forget(PublicKey key) {
    try {
      int released = blobs.replicator().release(key);
      blobs.publications().remove(key);
      notices.forget(key);
      status.remove(key);
      LOG.info("no longer replicating {}: {} copies are now cache", key.shortHex(), released);
    } catch (IOException | RuntimeException e) {
      LOG.warn("forgetting {} failed: {}", key.shortHex(), e.toString());
    }
  }

  PublisherPull puller() {
    return puller;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    notices.close();
  }
}
