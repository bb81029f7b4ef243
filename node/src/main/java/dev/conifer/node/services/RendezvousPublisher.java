package dev.conifer.node.services;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.rendezvous.RendezvousService;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.store.Pin;
import dev.conifer.transfer.store.PinsSince;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's pinned blobs findable through the rendezvous service: a record for every
 * complete pinned blob, republished on a timer, and newly pinned blobs published within seconds.
 */
final class RendezvousPublisher implements AutoCloseable {
  /** The first rendezvous publish waits for the snake to settle after start. */
  static final Duration RENDEZVOUS_FIRST_PUBLISH = Duration.ofSeconds(10);

  /** How often the store is checked for newly pinned blobs to publish at once. */
  static final Duration NEW_PINS_POLL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(RendezvousPublisher.class);

  private final FileBlobStore store;
  private final RendezvousService rendezvous;
  private ScheduledExecutorService publishing;
  private long newPinsCursor; // only the publishing thread after start

  private RendezvousPublisher(FileBlobStore store, RendezvousService rendezvous) {
    this.store = store;
    this.rendezvous = rendezvous;
  }

  static RendezvousPublisher start(FileBlobStore store, RendezvousService rendezvous) {
    RendezvousPublisher publisher = new RendezvousPublisher(store, rendezvous);
    publisher.start();
    return publisher;
  }

  /**
   * Publishes a rendezvous record for every complete pinned blob, first after 10 s and then every
   * republish interval (well inside the record lifetime, and often enough that a node that became
   * the nearest to a hash learns of it), and drops expired records this node keeps for others.
   */
  private void start() {
    publishing =
        Executors.newSingleThreadScheduledExecutor(
            BlobServices.daemonThreads("conifer-rendezvous-"));
    publishing.scheduleWithFixedDelay(
        this::publishTick,
        RENDEZVOUS_FIRST_PUBLISH.toSeconds(),
        rendezvous.config().republishInterval().toSeconds(),
        TimeUnit.SECONDS);
    try {
      newPinsCursor = lastPinCursor();
    } catch (IOException e) {
      LOG.warn("cannot read the pins to publish: {}", e.toString());
    }
    publishing.scheduleWithFixedDelay(
        this::publishNewPins,
        NEW_PINS_POLL.toMillis(),
        NEW_PINS_POLL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private long lastPinCursor() throws IOException {
    PinsSince all = store.pinsSince(0);
    return all.cursor();
  }

  /**
   * Publishes the records of blobs pinned since the last look, so a holder that just added a blob
   * (here, or with {@code conifer blobs add} in another process on the same data directory) is
   * findable within seconds, not at the next republish round.
   */
  void publishNewPins() {
    try {
      PinsSince fresh = store.pinsSince(newPinsCursor);
      List<BlobHash> complete = new ArrayList<>();
      for (BlobHash h : fresh.hashes()) {
        if (store.has(h)) {
          complete.add(h);
        }
      }
      newPinsCursor = fresh.cursor();
      if (!complete.isEmpty()) {
        int sent = rendezvous.publishAll(complete);
        LOG.info("published {} of {} newly pinned blobs", sent, complete.size());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("publishing new pins failed: {}", e.toString());
    }
  }

  /** One republish round now. */
  void publishTick() {
    try {
      List<BlobHash> hashes =
          pinnedComplete(store).stream().map(Replicator.Announced::hash).toList();
      int sent = rendezvous.publishAll(hashes);
      rendezvous.store().sweep();
      LOG.debug("published {} of {} rendezvous records", sent, hashes.size());
    } catch (IOException | RuntimeException e) {
      LOG.warn("rendezvous publishing failed: {}", e.toString());
    }
  }

  /** The complete blobs this node pins: what it publishes and announces. */
  static List<Replicator.Announced> pinnedComplete(FileBlobStore store) throws IOException {
    Map<BlobHash, List<Pin>> pins = store.allPins();
    List<Replicator.Announced> out = new ArrayList<>();
    for (BlobInfo info : store.list()) {
      if (info.complete() && pins.containsKey(info.hash())) {
        out.add(new Replicator.Announced(info.hash(), info.size()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    publishing.shutdownNow();
  }
}
