package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.handler.codec.quic.QuicChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Live QUIC connections per (remote key, ALPN), and the dial in progress for each. Both ends may
 * dial at once, leaving two connections; both stay usable, and new streams prefer the one opened by
 * the lower key, so both ends converge on the same connection and the other idles out (Go instead
 * closes one and keeps the broken one, PROTOCOL.md §16). Thread-safe; all methods are short.
 */
final class Connections {
  /** A (remote key, ALPN) pair. */
  record Peer(PublicKey key, String alpn) {}

  private record Live(QuicChannel channel, PublicKey initiator) {}

  private final PublicKey self;
  private final Map<Peer, List<Live>> live = new HashMap<>();
  private final Map<Peer, CompletableFuture<QuicChannel>> dialing = new HashMap<>();

  Connections(PublicKey self) {
    this.self = self;
  }

  /** Records a verified, established connection; {@code initiator} is the key that dialled. */
  synchronized void add(Peer peer, QuicChannel channel, PublicKey initiator) {
    live.computeIfAbsent(peer, p -> new ArrayList<>(2)).add(new Live(channel, initiator));
    channel.closeFuture().addListener(f -> remove(peer, channel));
  }

  /** Stops offering {@code channel} for new streams (it is closing). */
  synchronized void retire(QuicChannel channel) {
    for (Peer peer : new ArrayList<>(live.keySet())) {
      remove(peer, channel);
    }
  }

  private synchronized void remove(Peer peer, QuicChannel channel) {
    List<Live> list = live.get(peer);
    if (list != null) {
      list.removeIf(l -> l.channel == channel);
      if (list.isEmpty()) {
        live.remove(peer);
      }
    }
  }

  /** The connection new streams to {@code peer} should use, or null if none is open. */
  synchronized QuicChannel preferred(Peer peer) {
    List<Live> list = live.get(peer);
    if (list == null) {
      return null;
    }
    PublicKey lower = self.compareTo(peer.key()) < 0 ? self : peer.key();
    QuicChannel fallback = null;
    for (Live l : list) {
      if (!l.channel.isActive()) {
        continue;
      }
      if (l.initiator.equals(lower)) {
        return l.channel;
      }
      fallback = l.channel;
    }
    return fallback;
  }

  /**
   * The dial already running for {@code peer}, or null after registering {@code fresh} as the one
   * the caller must now run.
   */
  synchronized CompletableFuture<QuicChannel> joinOrStart(
      Peer peer, CompletableFuture<QuicChannel> fresh) {
    CompletableFuture<QuicChannel> running = dialing.get(peer);
    if (running != null && !running.isDone()) {
      return running;
    }
    dialing.put(peer, fresh);
    fresh.whenComplete((c, e) -> dialDone(peer, fresh));
    return null;
  }

  private synchronized void dialDone(Peer peer, CompletableFuture<QuicChannel> future) {
    dialing.remove(peer, future);
  }

  synchronized List<QuicChannel> all() {
    List<QuicChannel> out = new ArrayList<>();
    live.values().forEach(list -> list.forEach(l -> out.add(l.channel)));
    return out;
  }

  synchronized int size() {
    int n = 0;
    for (List<Live> list : live.values()) {
      n += list.size();
    }
    return n;
  }
}
