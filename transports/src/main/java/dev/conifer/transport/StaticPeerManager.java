package dev.conifer.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps configured static peers connected (PROTOCOL.md §11): dial at once; after a failed dial or a
 * disconnect, redial after {@link RedialBackoff}'s delay; a successful handshake resets the attempt
 * count. All state lives on one event loop, so there are no locks; other threads only post tasks.
 */
final class StaticPeerManager {
  private static final Logger LOG = LoggerFactory.getLogger(StaticPeerManager.class);

  private final Function<PeerUri, CompletableFuture<Dialed>> dialer;
  private final EventLoop loop;
  private final RedialBackoff backoff;
  private final Random random;
  private final List<Peer> peers = new ArrayList<>(); // loop only
  private volatile boolean closed;

  StaticPeerManager(
      Function<PeerUri, CompletableFuture<Dialed>> dialer,
      EventLoop loop,
      RedialBackoff backoff,
      long seed) {
    this.dialer = dialer;
    this.loop = loop;
    this.backoff = backoff;
    this.random = new Random(seed);
  }

  private static final class Peer {
    final PeerUri uri;
    int attempts;
    ScheduledFuture<?> timer;
    Channel channel;
    boolean removed;

    Peer(PeerUri uri) {
      this.uri = uri;
    }
  }

  void add(PeerUri uri) {
    post(
        () -> {
          Peer peer = new Peer(uri);
          peers.add(peer);
          dial(peer);
        });
  }

  /**
   * Stops keeping {@code uri} connected and closes its link, if up; completes with whether it was a
   * static peer.
   */
  CompletableFuture<Boolean> remove(PeerUri uri) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (closed) {
      result.complete(false);
      return result;
    }
    post(
        () -> {
          Peer peer = peers.stream().filter(p -> p.uri.equals(uri)).findFirst().orElse(null);
          if (peer == null) {
            result.complete(false);
            return;
          }
          peers.remove(peer);
          peer.removed = true;
          if (peer.timer != null) {
            peer.timer.cancel(false);
          }
          if (peer.channel != null) {
            peer.channel.close();
          }
          LOG.info("static peer {} removed", peer.uri);
          result.complete(true);
        });
    return result;
  }

  /** Failed dials since the last success, per peer, in the order they were added. */
  CompletableFuture<List<Integer>> attempts() {
    CompletableFuture<List<Integer>> result = new CompletableFuture<>();
    post(
        () -> {
          List<Integer> counts = new ArrayList<>();
          for (Peer peer : peers) {
            counts.add(peer.attempts);
          }
          result.complete(counts);
        });
    return result;
  }

  private void dial(Peer peer) {
    peer.timer = null;
    if (closed || peer.removed) {
      return;
    }
    dialer
        .apply(peer.uri)
        .whenComplete((dialed, error) -> post(() -> onDialed(peer, dialed, error)));
  }

  private void onDialed(Peer peer, Dialed dialed, Throwable error) {
    if (peer.removed) {
      if (dialed != null) {
        dialed.channel().close(); // removed while the dial was in flight
      }
      return;
    }
    if (error != null) {
      peer.attempts++;
      long delayNs = schedule(peer);
      LOG.info(
          "static peer {}: {} (attempt {}, next in {} ms)",
          peer.uri,
          describe(error),
          peer.attempts,
          TimeUnit.NANOSECONDS.toMillis(delayNs));
      return;
    }
    peer.attempts = 0;
    peer.channel = dialed.channel();
    dialed.channel().closeFuture().addListener(f -> post(() -> onDisconnected(peer)));
  }

  private void onDisconnected(Peer peer) {
    peer.channel = null;
    if (peer.removed) {
      return;
    }
    long delayNs = schedule(peer);
    LOG.info(
        "static peer {} disconnected; redial in {} ms",
        peer.uri,
        TimeUnit.NANOSECONDS.toMillis(delayNs));
  }

  private long schedule(Peer peer) {
    long delayNs = backoff.delayNs(peer.attempts, random.nextDouble());
    if (!closed) {
      peer.timer = loop.schedule(() -> dial(peer), delayNs, TimeUnit.NANOSECONDS);
    }
    return delayNs;
  }

  private void post(Runnable task) {
    if (closed) {
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The event loop is shutting down with the transports; nothing left to manage.
    }
  }

  /** Stops redialing; connected static peers are closed by the transports with the rest. */
  void close() {
    closed = true;
    try {
      loop.execute(
          () -> {
            for (Peer peer : peers) {
              if (peer.timer != null) {
                peer.timer.cancel(false);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // Already shut down: the timers died with the loop.
    }
  }

  static String describe(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return String.valueOf(cause.getMessage());
  }
}
