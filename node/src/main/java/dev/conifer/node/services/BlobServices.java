package dev.conifer.node.services;

import dev.conifer.node.UserException;
import dev.conifer.router.Router;
import dev.conifer.session.Sessions;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobCommands;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.rendezvous.RendezvousConfig;
import dev.conifer.transfer.rendezvous.RendezvousIndex;
import dev.conifer.transfer.rendezvous.RendezvousService;
import dev.conifer.transfer.replicate.PublicationStore;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsServer;
import dev.conifer.transfer.wire.PublicationSource;
import dev.conifer.transfer.wire.SessionBlobs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content transfer wired for one data directory: the blob store, the fetcher, the {@code
 * conifer-blobs/1} server (when sessions run), the replicator, and where the web doorway looks for
 * holders. Wiring only.
 */
public final class BlobServices implements AutoCloseable {
  static final Duration DIAL_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(BlobServices.class);

  private final FileBlobStore store;
  private final ExecutorService executor;
  private final BlobFetcher fetcher;
  private final Replicator replicator;
  private final HolderIndex holders;
  private final BlobConnector connector;
  private final RendezvousService rendezvous;
  private final PublicationStore publications;
  private final java.util.concurrent.atomic.AtomicReference<PublicationSource.Listener> listEvents;
  private volatile java.util.function.ToIntFunction<BlobHash> safeCopies = hash -> -1;
  private final java.util.concurrent.atomic.AtomicLong announceFailures =
      new java.util.concurrent.atomic.AtomicLong();
  private RendezvousPublisher publisher; // null without a rendezvous service

  private final BlobCounters counters;

  private BlobServices(
      FileBlobStore store,
      ExecutorService executor,
      BlobFetcher fetcher,
      Replicator replicator,
      HolderIndex holders,
      BlobConnector connector,
      RendezvousService rendezvous,
      PublicationStore publications,
      java.util.concurrent.atomic.AtomicReference<PublicationSource.Listener> listEvents,
      BlobCounters counters) {
    this.listEvents = listEvents;
    this.counters = counters;
    this.store = store;
    this.executor = executor;
    this.fetcher = fetcher;
    this.replicator = replicator;
    this.holders = holders;
    this.connector = connector;
    this.rendezvous = rendezvous;
    this.publications = publications;
  }

  /** One republish round now; package-private for tests, which cannot wait for the timer. */
  public void publishTick() {
    if (publisher != null) {
      publisher.publishTick();
    }
  }

  /** Announcements of our pins that failed (peer unreachable, refused): each logged at warn. */
  long announceFailures() {
    return announceFailures.get();
  }

  /** Tells {@code peer} which complete blobs we pin; returns how many, or -1 if it failed. */
  public int announcePins(PublicKey peer) {
    try {
      List<Replicator.Announced> announced = RendezvousPublisher.pinnedComplete(store);
      if (announced.isEmpty()) {
        return 0;
      }
      try (BlobsClient client = connector.connect(peer)) {
        client.announce(announced);
      }
      return announced.size();
    } catch (IOException | RuntimeException e) {
      announceFailures.incrementAndGet();
      LOG.warn("announcing pins to {} failed: {}", peer.shortHex(), e.toString());
      return -1;
    }
  }

  /**
   * Opens the store under {@code dataDir}. With {@code sessions} (else null: local only) it serves
   * blobs to peers and fetches from them; {@code peers} are asked first by the doorway.
   */
  public static BlobServices open(
      Path dataDir, Sessions sessions, Supplier<List<PublicKey>> peers, List<TrustRule> rules) {
    return open(dataDir, sessions, peers, rules, null, null);
  }

  /**
   * As above, and with {@code router} and its {@code signer} (else null) also the rendezvous
   * service: the doorway asks the record at the node nearest to the hash after {@code peers}, this
   * node keeps such records for others, and publishes its own pinned blobs.
   */
  public static BlobServices open(
      Path dataDir,
      Sessions sessions,
      Supplier<List<PublicKey>> peers,
      List<TrustRule> rules,
      Router router,
      Signer signer) {
    FileBlobStore store;
    try {
      store = new FileBlobStore(dataDir, System::currentTimeMillis);
    } catch (IOException e) {
      throw new UserException("cannot open the blob store in " + dataDir + ": " + e.getMessage());
    }
    ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("conifer-blobs-"));
    BlobConnector connector =
        sessions == null ? BlobServices::offline : new SessionBlobs(sessions, DIAL_TIMEOUT);
    BlobCounters counters = new BlobCounters();
    BlobFetcher fetcher =
        new BlobFetcher(
            store, connector, BlobsConfig.defaults(), System::nanoTime, executor, counters);
    Replicator replicator = new Replicator(store, rules);
    PublicationStore publications = openPublications(dataDir);
    var listEvents =
        new java.util.concurrent.atomic.AtomicReference<>(PublicationSource.Listener.NONE);
    if (sessions != null) {
      BlobsServer server = new BlobsServer(store, BlobsConfig.defaults(), counters);
      server.onList(publications);
      server.onListEvents(
          new PublicationSource.Listener() {
            @Override
            public void asked(PublicKey remote, PublicKey publisher, int page) {
              listEvents.get().asked(remote, publisher, page);
            }

            @Override
            public void notice(PublicKey remote, PublicKey publisher, long version) {
              listEvents.get().notice(remote, publisher, version);
            }
          });
      server.onAnnounce(
          (from, pins) ->
              executor.execute(() -> replicate(replicator, fetcher, store, from, pins)));
      SessionBlobs.listen(sessions, server);
    }
    RendezvousService rendezvous =
        sessions == null || router == null
            ? null
            : RendezvousService.start(
                router,
                signer,
                RendezvousConfig.defaults(),
                System::currentTimeMillis,
                new java.security.SecureRandom()::nextLong);
    HolderIndex holders =
        rendezvous == null
            ? HolderIndex.peers(peers)
            : HolderIndex.chain(List.of(HolderIndex.peers(peers), new RendezvousIndex(rendezvous)));
    BlobServices services =
        new BlobServices(
            store,
            executor,
            fetcher,
            replicator,
            holders,
            connector,
            rendezvous,
            publications,
            listEvents,
            counters);
    if (rendezvous != null) {
      services.publisher = RendezvousPublisher.start(store, rendezvous);
    }
    return services;
  }

  /** The publication lists kept under DATA/publications; damaged files are named and skipped. */
  private static PublicationStore openPublications(Path dataDir) {
    List<String> damaged = new ArrayList<>();
    try {
      PublicationStore lists = new PublicationStore(dataDir.resolve("publications"), damaged);
      damaged.forEach(d -> LOG.warn("ignoring a damaged publication list: {}", d));
      return lists;
    } catch (IOException e) {
      throw new UserException("cannot open " + dataDir.resolve("publications") + ": " + e, e);
    }
  }

  private static BlobsClient offline(PublicKey holder) throws BlobsException {
    throw new BlobsException(
        BlobsError.IO, "cannot reach " + holder.toHex() + ": no overlay in this process");
  }

  /** Announcements arrive on a session thread; fetching happens here, off it. */
  private static void replicate(
      Replicator replicator,
      BlobFetcher fetcher,
      FileBlobStore store,
      PublicKey from,
      List<Replicator.Announced> pins) {
    try {
      java.util.Optional<TrustRule> rule = replicator.ruleFor(from);
      long used = rule.isPresent() ? replicator.usage(rule.get()) : 0;
      for (Replicator.Plan plan : replicator.handleAnnouncement(from, pins)) {
        fetcher.fetch(plan.hash(), List.of(plan.from()), null);
        long after = replicator.admit(plan, used);
        if (after < 0) {
          LOG.info(
              "not keeping {} from {}: its verified size is over the quota",
              plan.hash(),
              from.shortHex());
          continue;
        }
        used = after;
        LOG.info("replicated {} from {}", plan.hash(), from.toHex());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("replication from {} failed: {}", from.toHex(), e.toString());
    }
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Who is told of LIST pages served and of NOTICEs received (replication). */
  void onListEvents(PublicationSource.Listener listener) {
    listEvents.set(listener);
  }

  /** Where {@code blobs ls} reads each blob's confirmed always-on cluster copies. */
  void showSafeCopies(java.util.function.ToIntFunction<BlobHash> counts) {
    this.safeCopies = counts;
  }

  public Replicator replicator() {
    return replicator;
  }

  /** The publication lists this node keeps and serves (its own and those it replicates). */
  public PublicationStore publications() {
    return publications;
  }

  /** The blob threads (fetch workers, list probes, replication fetches). */
  java.util.concurrent.ExecutorService executor() {
    return executor;
  }

  public FileBlobStore store() {
    return store;
  }

  public BlobFetcher fetcher() {
    return fetcher;
  }

  /** Where a miss looks for holders: the peers given at open, then the rendezvous records. */
  public HolderIndex holders() {
    return holders;
  }

  /** Opens {@code conifer-blobs/1} streams to holders. */
  public BlobConnector connector() {
    return connector;
  }

  /** What the server refused and the fetcher did, by reason (the node's blob metrics). */
  public BlobCounters counters() {
    return counters;
  }

  /** The rendezvous service, or null when this process has no overlay. */
  public RendezvousService rendezvous() {
    return rendezvous;
  }

  public BlobCommands commands() {
    return new BlobCommands(store, fetcher, replicator, safeCopies);
  }

  @Override
  public void close() {
    if (publisher != null) {
      publisher.close();
    }
    if (rendezvous != null) {
      rendezvous.close();
    }
    executor.shutdownNow();
    try {
      store.close();
    } catch (IOException e) {
      LOG.warn("closing the blob store: {}", e.toString());
    }
  }
}
