package dev.conifer.router;

import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.KeepaliveFrame;
import java.util.function.Predicate;

/**
 * Per-peer liveness (PROTOCOL.md §10.4): a keepalive after 3 s without writing, a close after 5 s
 * without a frame, and a close when a link stays unwritable as long. Router thread only.
 */
final class PeerTimers {
  /** Closes a peering with a reason. */
  interface Closer {
    void close(long nowNs, Peer peer, String reason);
  }

  private static final byte[] KEEPALIVE = FrameCodec.encode(KeepaliveFrame.INSTANCE);

  private final RouterConfig config;
  private final PeerOutput output;
  private final Closer closer;
  private final Predicate<Peer> writable;
  private long deadlineNs = RouterCore.NO_DEADLINE;

  PeerTimers(RouterConfig config, PeerOutput output, Closer closer, Predicate<Peer> writable) {
    this.config = config;
    this.output = output;
    this.closer = closer;
    this.writable = writable;
  }

  /** When {@link #run} next has work. */
  long deadlineNs() {
    return deadlineNs;
  }

  /** A peer just attached: its first keepalive and read deadline. */
  void arm(Peer peer, long nowNs) {
    deadlineNs =
        Math.min(deadlineNs, Math.min(peer.keepaliveDueNs, nowNs + config.readTimeoutNs()));
  }

  /** Runs what is due; returns the work done. Ports are 1..portHigh of {@code peers}. */
  int run(long nowNs, Peer[] peers, int portHigh) {
    int work = 0;
    long next = RouterCore.NO_DEADLINE;
    for (int port = 1; port <= portHigh; port++) {
      Peer peer = peers[port];
      if (peer == null) {
        continue;
      }
      if (nowNs - peer.lastReadNs >= config.readTimeoutNs()) {
        closer.close(
            nowNs,
            peer,
            "read timeout: no frame for " + config.readTimeoutNs() / 1_000_000 + " ms");
        work++;
        continue;
      }
      if (nowNs - peer.lastWriteNs >= config.readTimeoutNs() && !writable.test(peer)) {
        // Go allows 3 s per frame write; by now the peer's own read deadline has expired too.
        closer.close(
            nowNs,
            peer,
            "write stalled: link took no frame for " + config.readTimeoutNs() / 1_000_000 + " ms");
        work++;
        continue;
      }
      if (nowNs - peer.keepaliveDueNs >= 0) {
        // Skip it if protocol frames are already waiting: they prove liveness just as well.
        if (peer.protocolQueue.isEmpty()) {
          output.enqueue(peer, KEEPALIVE.clone(), false);
        }
        peer.keepaliveDueNs = nowNs + config.keepaliveIntervalNs();
        work++;
      }
      long readDueNs = peer.lastReadNs + config.readTimeoutNs();
      next = Math.min(next, Math.min(peer.keepaliveDueNs, readDueNs));
      long stallDueNs = peer.lastWriteNs + config.readTimeoutNs();
      if (stallDueNs > nowNs) {
        next = Math.min(next, stallDueNs);
      } else if (peer.hasQueued()) {
        output.markDirty(peer); // Writable but idle with frames queued: a missed onWritable.
      }
    }
    deadlineNs = next;
    return work;
  }
}
