package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.PublicationStore;
import dev.conifer.transfer.wire.BlobsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the keys that asked this node for a publication list when that list has a newer version, so
 * they pull it at once instead of at their next scheduled round. A key that was served page 0 of a
 * list is a <em>subscriber</em> of it, and has seen the version it was served. When this node gets
 * a newer version (it re-signed its own, or pulled a newer copy of a list it keeps), each
 * subscriber behind is sent a {@code NOTICE} (publisher, version). One that cannot be reached now
 * stays behind and is tried again by {@link #retryPending}: when a peer comes up, and at rounds
 * after a pause that doubles from 30 s to an hour. Bounded: at most {@link #SUBSCRIBERS_MAX}
 * subscribers per list (the least recently asking is dropped), lists only this node keeps, and at
 * most {@link #SENDS_MAX} notices on their way at once.
 */
final class ListNotices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListNotices.class);

  static final int SUBSCRIBERS_MAX = 64;
  static final int SENDS_MAX = 4;
  static final int QUEUED_MAX = 256;

  private record Sending(PublicKey publisher, PublicKey to) {}

  private final BlobServices blobs;
  private final PublicKey self;
  private final ReplicationCounters counters;

  /** Per list: subscriber → the newest version it is known to have seen, least recent first. */
  private final Map<PublicKey, LinkedHashMap<PublicKey, Long>> subscribers = new LinkedHashMap<>();

  private final Set<Sending> inFlight = new HashSet<>();

  /** Failed deliveries: tried again after a doubling pause, sooner when a peer comes up. */
  private record Backoff(int failures, long lastTryNanos, long nextTryNanos) {}

  private final Map<Sending, Backoff> backoff = new java.util.HashMap<>();

  static final java.time.Duration RETRY_FIRST = java.time.Duration.ofSeconds(30);
  static final java.time.Duration RETRY_MAX = java.time.Duration.ofHours(1);

  /** A peer coming up retries a failed delivery at once, but not more often than this. */
  static final java.time.Duration PEER_UP_RETRY_MIN = java.time.Duration.ofSeconds(5);

  private final ThreadPoolExecutor senders;

  ListNotices(BlobServices blobs, PublicKey self, ReplicationCounters counters) {
    this.blobs = blobs;
    this.self = self;
    this.counters = counters;
    this.senders =
        new ThreadPoolExecutor(
            SENDS_MAX,
            SENDS_MAX,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_MAX),
            BlobServices.daemonThreads("conifer-notices-"));
    senders.allowCoreThreadTimeOut(true);
  }

  /** {@code remote} was served page {@code page} of {@code publisher}'s list (a session thread). */
  void asked(PublicKey remote, PublicKey publisher, int page) {
    if (page != 0 || remote.equals(publisher)) {
      return;
    }
    long served = publications().version(publisher);
    synchronized (this) {
      LinkedHashMap<PublicKey, Long> subs =
          subscribers.computeIfAbsent(publisher, k -> new LinkedHashMap<>(16, 0.75f, true));
      subs.merge(remote, served, Math::max);
      if (subs.size() > SUBSCRIBERS_MAX) {
        PublicKey dropped = subs.keySet().iterator().next();
        subs.remove(dropped);
        backoff.remove(new Sending(publisher, dropped));
      }
    }
  }

  /** This node now holds {@code publisher}'s list at a newer version: tell who asked for it. */
  void changed(PublicKey publisher) {
    notify(publisher, false, true);
  }

  /**
   * Tries again the subscribers still behind on any list: every round (those whose pause after a
   * failed delivery is over) and when a peer came up ({@code peerUp}: at once, the overlay may
   * reach them now).
   */
  void retryPending(boolean peerUp) {
    List<PublicKey> publishers;
    synchronized (this) {
      publishers = new ArrayList<>(subscribers.keySet());
    }
    for (PublicKey p : publishers) {
      notify(p, peerUp, false);
    }
  }

  private void notify(PublicKey publisher, boolean peerUp, boolean newVersion) {
    long version = publications().version(publisher);
    long now = System.nanoTime();
    for (PublicKey to : behind(publisher, version)) {
      Backoff b;
      synchronized (this) {
        b = backoff.get(new Sending(publisher, to));
      }
      boolean due =
          b == null
              || newVersion
              || now >= b.nextTryNanos()
              || (peerUp && now - b.lastTryNanos() >= PEER_UP_RETRY_MIN.toNanos());
      if (due) {
        send(publisher, to, version);
      }
    }
  }

  /** A list no longer kept: nobody is told of it any more. */
  synchronized void forget(PublicKey publisher) {
    subscribers.remove(publisher);
    backoff.keySet().removeIf(s -> s.publisher().equals(publisher));
  }

  private synchronized List<PublicKey> behind(PublicKey publisher, long version) {
    List<PublicKey> out = new ArrayList<>();
    LinkedHashMap<PublicKey, Long> subs = subscribers.get(publisher);
    if (subs == null || version < 0) {
      return out;
    }
    subs.forEach(
        (k, seen) -> {
          if (seen < version && !k.equals(self) && !inFlight.contains(new Sending(publisher, k))) {
            out.add(k);
          }
        });
    return out;
  }

  private void send(PublicKey publisher, PublicKey to, long version) {
    Sending s = new Sending(publisher, to);
    synchronized (this) {
      if (!inFlight.add(s)) {
        return;
      }
    }
    try {
      senders.execute(() -> deliver(s, version));
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        inFlight.remove(s);
      }
      if (senders.isShutdown()) {
        return; // the node is stopping
      }
      counters.noticeFailures.incrementAndGet();
      LOG.info(
          "not telling {} of version {} of {}'s list now: {} notices already queued",
          to.shortHex(),
          version,
          publisher.shortHex(),
          QUEUED_MAX);
    }
  }

  private void deliver(Sending s, long version) {
    try (BlobsClient client = blobs.connector().connect(s.to())) {
      client.notice(s.publisher(), version);
      counters.noticesSent.incrementAndGet();
      synchronized (this) {
        backoff.remove(s);
        LinkedHashMap<PublicKey, Long> subs = subscribers.get(s.publisher());
        if (subs != null && subs.containsKey(s.to())) {
          subs.merge(s.to(), version, Math::max);
        }
      }
      LOG.info(
          "told {} of version {} of {}'s list",
          s.to().shortHex(),
          version,
          s.publisher().shortHex());
    } catch (Exception e) {
      counters.noticeFailures.incrementAndGet();
      synchronized (this) {
        Backoff b = backoff.get(s);
        int failures = b == null ? 1 : b.failures() + 1;
        long pause =
            Math.min(RETRY_MAX.toNanos(), RETRY_FIRST.toNanos() << Math.min(failures - 1, 20));
        long now = System.nanoTime();
        backoff.put(s, new Backoff(failures, now, now + pause));
      }
      LOG.info(
          "cannot tell {} of version {} of {}'s list (tried again when a peer comes up): {}",
          s.to().shortHex(),
          version,
          s.publisher().shortHex(),
          e.getMessage());
    } finally {
      synchronized (this) {
        inFlight.remove(s);
      }
    }
  }

  private PublicationStore publications() {
    return blobs.publications();
  }

  @Override
  public void close() {
    senders.shutdownNow();
  }
}
