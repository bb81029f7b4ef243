package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.PeerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The router's attached peerings by port: how each is built from the configuration (its queues,
 * meters and input limits), looked up by port and generation, and counted. Router thread only.
 */
final class PeerTable {
  private final RouterConfig config;
  private final RouterMetrics metrics;
  private final long seed;

  /** Indexed by port; grows up to portCountMax + 1 as ports are used. */
  private Peer[] peers;

  private int count;

  /** Highest port ever attached: scans stop there rather than at portCountMax. */
  private int high;

  PeerTable(RouterConfig config, RouterMetrics metrics, long seed) {
    this.config = config;
    this.metrics = metrics;
    this.seed = seed;
    this.peers = new Peer[Math.min(16, config.snek().portCountMax() + 1)];
  }

  /** True if {@code port} is in range and has no peering. */
  boolean isFree(int port) {
    return port >= 1 && port <= config.snek().portCountMax() && get(port) == null;
  }

  /** Builds the peering for a free port and puts it in the table. */
  Peer add(long nowNs, int port, long generation, PeerInfo info, Link link) {
    if (port >= peers.length) {
      peers = Arrays.copyOf(peers, Math.min(2 * port, config.snek().portCountMax() + 1));
    }
    int flowCount =
        info.type() == PeerType.BLUETOOTH
            ? config.flowQueueCountBluetooth()
            : config.flowQueueCount();
    Peer peer =
        new Peer(
            port,
            generation,
            info,
            link,
            new ProtocolQueue(config.protocolQueueFramesMax(), config.protocolQueueBytesMax()),
            new FairTrafficQueue(
                flowCount,
                config.flowQueueFramesMax(),
                config.peerQueueFramesMax(),
                config.peerQueueBytesMax(),
                seed ^ (0x9E3779B97F4A7C15L * generation)),
            new PeerMeters(metrics.registry(), metrics.peerSeries, info),
            new InputLimits(nowNs));
    peer.lastReadNs = nowNs;
    peer.lastWriteNs = nowNs;
    peer.keepaliveDueNs = nowNs + config.keepaliveIntervalNs();
    peers[port] = peer;
    count++;
    high = Math.max(high, port);
    metrics.peerCount = count;
    return peer;
  }

  /** Takes the peering out of the table. */
  void remove(Peer peer) {
    peers[peer.port] = null;
    peer.attached = false;
    count--;
    metrics.peerCount = count;
  }

  /** The peering on {@code port}, or null. */
  Peer get(int port) {
    return port > 0 && port < peers.length ? peers[port] : null;
  }

  /** The peering on {@code port} if it is still the one of {@code generation}, else null. */
  Peer live(int port, long generation) {
    Peer peer = get(port);
    return peer != null && peer.generation == generation ? peer : null;
  }

  int count() {
    return count;
  }

  /** Ports are 1..high() of {@link #array()}; null where none is attached. */
  int high() {
    return high;
  }

  /** The table itself, for the loops over every port (timers, output); do not keep it. */
  Peer[] array() {
    return peers;
  }

  /** Every attached peering, in port order. */
  List<Peer> attached() {
    List<Peer> out = new ArrayList<>(count);
    for (int port = 1; port <= high; port++) {
      if (peers[port] != null) {
        out.add(peers[port]);
      }
    }
    return out;
  }

  /** Sets each peer's queue gauge and the router's totals of queued frames and bytes. */
  void publishQueueGauges() {
    long frames = 0;
    long bytes = 0;
    for (int port = 1; port <= high; port++) {
      Peer peer = peers[port];
      if (peer != null) {
        int queued = peer.queuedFrameCount();
        peer.meters.queuedFrames(queued);
        frames += queued;
        bytes += peer.protocolQueue.byteCount() + peer.trafficQueue.byteCount();
      }
    }
    metrics.queuedFrameCount = frames;
    metrics.queuedByteCount = bytes;
  }
}
