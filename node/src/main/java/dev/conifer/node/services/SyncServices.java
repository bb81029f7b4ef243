package dev.conifer.node.services;

import dev.conifer.node.UserException;
import dev.conifer.session.Sessions;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.PartnerScheduler;
import dev.conifer.sync.SyncAgent;
import dev.conifer.sync.SyncConfig;
import dev.conifer.sync.SyncMetrics;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.content.BlobStoreContent;
import dev.conifer.sync.link.SessionSyncService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sync wired for one data directory: the {@link SyncNode} (content in the blob store) and, when
 * sessions run, the {@code conifer-sync/1} service and the agent that syncs with partners whenever
 * they come up and every few minutes. Wiring only.
 */
public final class SyncServices implements AutoCloseable {
  static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);
  static final long BACKOFF_INITIAL_NS = TimeUnit.SECONDS.toNanos(1);
  static final long BACKOFF_MAX_NS = TimeUnit.MINUTES.toNanos(5);
  static final long RESYNC_INTERVAL_NS = TimeUnit.MINUTES.toNanos(10);

  private final SyncNode node;
  private final ScheduledExecutorService scheduler;
  private final SyncAgent agent;
  // Set by bindTo: partners added at run time get their pending-entries gauge there.
  private final AtomicReference<MeterRegistry> metrics;

  private SyncServices(
      SyncNode node,
      ScheduledExecutorService scheduler,
      SyncAgent agent,
      AtomicReference<MeterRegistry> metrics) {
    this.node = node;
    this.scheduler = scheduler;
    this.agent = agent;
    this.metrics = metrics;
  }

  /** The sync database only, for the CLI: no network. */
  public static SyncServices openLocal(Path dataDir, Signer signer, BlobServices blobs) {
    return new SyncServices(openNode(dataDir, signer, blobs), null, null, new AtomicReference<>());
  }

  /**
   * Also answers peers' sync requests and syncs with the partners; {@link #peerUp}/{@link
   * #peerDown} feed it the router's peer events.
   */
  public static SyncServices start(
      Path dataDir, Signer signer, BlobServices blobs, Sessions sessions, SecureRandom random) {
    SyncNode node = openNode(dataDir, signer, blobs);
    SessionSyncService service =
        new SessionSyncService(sessions, node, random::nextLong, DIAL_TIMEOUT);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(BlobServices.daemonThreads("conifer-sync-"));
    SyncAgent agent =
        new SyncAgent(
            new PartnerScheduler(BACKOFF_INITIAL_NS, BACKOFF_MAX_NS, RESYNC_INTERVAL_NS),
            service::syncAll,
            scheduler,
            System::nanoTime);
    // A peer that joined with our ticket syncs with us first: from then on we push to it too.
    AtomicReference<MeterRegistry> metrics = new AtomicReference<>();
    service.onPartnerLearned(
        key -> {
          bindPartner(metrics, node, key);
          agent.addPartner(key);
          agent.networkChanged();
        });
    // Entries that arrived are passed on to the other partners at once.
    service.onEntriesArrived(
        () -> {
          try {
            scheduler.execute(agent::localWrite);
          } catch (RejectedExecutionException closing) {
            // Shutting down: the next start syncs with every partner anyway.
          }
        });
    service.listen();
    for (PublicKey partner : service.partners()) {
      agent.addPartner(partner);
      // A partner may be reachable through the overlay without being a direct peer: try now.
      agent.peerUp(partner);
    }
    return new SyncServices(node, scheduler, agent, metrics);
  }

  private static SyncNode openNode(Path dataDir, Signer signer, BlobServices blobs) {
    BlobStoreContent content = new BlobStoreContent(blobs.store(), blobs.fetcher());
    try {
      return new SyncNode(
          dataDir.resolve("sync"),
          signer,
          content,
          content,
          SyncConfig.defaults(),
          () -> System.currentTimeMillis() * 1000);
    } catch (RuntimeException e) {
      throw new UserException("cannot open the sync database in " + dataDir + ": " + e, e);
    }
  }

  /** Registers sync's meters (sessions, entries, bytes, refusals, conflicts, pending). */
  public void bindTo(MeterRegistry registry) {
    SyncMetrics.bindTo(registry, node);
    metrics.set(registry);
  }

  private static void bindPartner(
      AtomicReference<MeterRegistry> metrics, SyncNode node, PublicKey key) {
    MeterRegistry registry = metrics.get();
    if (registry != null) {
      SyncMetrics.bindPartner(registry, node, key);
    }
  }

  public SyncNode node() {
    return node;
  }

  /** The configured sync partners (also the first candidates to hold a blob). */
  public List<PublicKey> partners() {
    List<PublicKey> keys = new ArrayList<>();
    node.directory().partners().forEach(p -> keys.add(p.key()));
    return keys;
  }

  /**
   * Called on the router thread: hand over to the sync thread, never block here. Any peer coming up
   * may open routes to partners behind it, so all partners are tried again.
   */
  public void peerUp(PublicKey key) {
    onSyncThread(
        () -> {
          agent.peerUp(key);
          agent.networkChanged();
        });
  }

  /** After a local write through the daemon: partners sync now (push on write). */
  public void localWrite() {
    onSyncThread(agent == null ? () -> {} : agent::localWrite);
  }

  /** A partner added at run time (a joined sharer, {@code partners add}): sync with it now. */
  public void partnerAdded(PublicKey key) {
    bindPartner(metrics, node, key);
    onSyncThread(
        () -> {
          agent.addPartner(key);
          agent.networkChanged();
        });
  }

  public void peerDown(PublicKey key) {
    onSyncThread(() -> agent.peerDown(key));
  }

  private void onSyncThread(Runnable task) {
    if (agent == null) {
      return;
    }
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException closing) {
      // Shutting down: peers going down now need no sync.
    }
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
      scheduler.shutdownNow();
    }
    node.close();
  }
}
