package dev.conifer.router;

import dev.conifer.router.spi.Link;

/** One attached peering as the router thread sees it: its link, queues and timers. */
final class Peer {
  final int port;
  final long generation;
  final PeerInfo info;
  final Link link;
  final ProtocolQueue protocolQueue;
  final FairTrafficQueue trafficQueue;
  final PeerMeters meters;

  /**
   * Keepalives taken from a peer: a burst of this many, then one per {@link #KEEPALIVE_SPACING_NS}.
   * An honest peer sends one after 3 s without writing, so only a flood bites; the rest are dropped
   * before the SNEK core, and counted.
   */
  static final int KEEPALIVE_BURST = 16;

  static final long KEEPALIVE_SPACING_NS = 100_000_000L;

  /** When the last frame arrived from the peer. */
  long lastReadNs;

  /** The keepalive limit's state: when the next keepalive would be on schedule. */
  private long keepaliveInScheduleNs;

  /** When a frame was last written to the link. */
  long lastWriteNs;

  /** When a keepalive is next due unless something is written first. */
  long keepaliveDueNs;

  /** False once torn down: late writes and timers skip it. */
  boolean attached = true;

  /** Frames written to the link since its last flush. */
  int unflushedCount;

  /** Set when the link threw during a write; the peering is closed at the next flush. */
  RuntimeException linkError;

  /** Already on the router's list of peers with frames to write. */
  boolean dirty;

  Peer(
      int port,
      long generation,
      PeerInfo info,
      Link link,
      ProtocolQueue protocolQueue,
      FairTrafficQueue trafficQueue,
      PeerMeters meters) {
    this.port = port;
    this.generation = generation;
    this.info = info;
    this.link = link;
    this.protocolQueue = protocolQueue;
    this.trafficQueue = trafficQueue;
    this.meters = meters;
  }

  /** Starts the keepalive limit with a full burst. */
  void startKeepaliveLimit(long nowNs) {
    keepaliveInScheduleNs = nowNs;
  }

  /** True if a keepalive arriving now is within the limit (and takes its share of it). */
  boolean admitKeepalive(long nowNs) {
    long due = Math.max(keepaliveInScheduleNs, nowNs);
    if (due - nowNs > (KEEPALIVE_BURST - 1) * KEEPALIVE_SPACING_NS) {
      return false;
    }
    keepaliveInScheduleNs = due + KEEPALIVE_SPACING_NS;
    return true;
  }

  /** The next frame to write: protocol first, then fair traffic; null if both are empty. */
  byte[] pollFrame() {
    byte[] frame = protocolQueue.poll();
    return frame != null ? frame : trafficQueue.poll();
  }

  boolean hasQueued() {
    return !protocolQueue.isEmpty() || !trafficQueue.isEmpty();
  }

  int queuedFrameCount() {
    return protocolQueue.frameCount() + trafficQueue.frameCount();
  }
}
