package dev.conifer.simulator;

/**
 * Keepalive liveness (PROTOCOL.md §10.4), modelled rather than sent: an idle writer "sends" a
 * 10-byte keepalive every 3 s (counted as overhead, and as something the other end heard), and a
 * silently failed link is noticed by each end 5 s after the last frame it heard.
 */
final class KeepaliveModel {
  static final long KEEPALIVE_INTERVAL_NS = 3 * Durations.SECOND_NS;
  static final long READ_TIMEOUT_NS = 5 * Durations.SECOND_NS;
  static final int KEEPALIVE_LENGTH = 10;

  private final SimNetwork network;

  KeepaliveModel(SimNetwork network) {
    this.network = network;
  }

  /** Frames stop; each live end notices after the read timeout. */
  void goSilent(SimLink link) {
    long now = network.clock.nowNs();
    link.silent = true;
    int epoch = link.epoch;
    for (int end = 0; end < 2; end++) {
      boolean endA = end == 0;
      if ((endA ? link.portA : link.portB) == SimNode.NO_PORT) {
        continue;
      }
      // The peer's last write (a frame or an accounted keepalive), then any keepalives since.
      long peerLastSend = endA ? link.lastSendFromB : link.lastSendFromA;
      long idle = now - peerLastSend;
      if (idle >= KEEPALIVE_INTERVAL_NS) {
        peerLastSend += idle / KEEPALIVE_INTERVAL_NS * KEEPALIVE_INTERVAL_NS;
      }
      long heard = endA ? link.lastHeardAtA : link.lastHeardAtB;
      heard = Math.max(heard, Math.min(now, peerLastSend + link.latencyNs));
      network.queue.schedule(
          Math.max(now, heard + READ_TIMEOUT_NS), new SilenceDetected(link, epoch, endA));
    }
  }

  private final class SilenceDetected extends EventQueue.Event {
    private final SimLink link;
    private final int epoch;
    private final boolean endA;

    SilenceDetected(SimLink link, int epoch, boolean endA) {
      this.link = link;
      this.epoch = epoch;
      this.endA = endA;
    }

    @Override
    protected void run(long nowNs) {
      if (link.epoch != epoch) {
        return;
      }
      network.closeEnd(link, endA);
      if (link.portA == SimNode.NO_PORT && link.portB == SimNode.NO_PORT) {
        link.epoch++;
        link.connected = false;
        link.silent = false;
        network.reconcile(link, false);
      }
      network.observer.onStateChange(null, null);
    }
  }

  /** Counts the keepalives an idle writer would have sent since its last frame (keepalive mode). */
  void accountKeepalives(SimLink link, boolean fromA, long uptoNs) {
    if (network.liveness() != SimNetwork.Liveness.KEEPALIVE) {
      return;
    }
    long last = fromA ? link.lastSendFromA : link.lastSendFromB;
    long count = (uptoNs - last) / KEEPALIVE_INTERVAL_NS;
    if (count > 0) {
      network.observer.onKeepalives(
          fromA ? link.a : link.b, last + KEEPALIVE_INTERVAL_NS, KEEPALIVE_INTERVAL_NS, count);
      last += count * KEEPALIVE_INTERVAL_NS;
    }
    if (fromA) {
      link.lastSendFromA = last;
    } else {
      link.lastSendFromB = last;
    }
  }
}
