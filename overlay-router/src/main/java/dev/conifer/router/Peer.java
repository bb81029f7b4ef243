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

  /** Limits on frames that carry no data (keepalives, repeated announcements). */
  final InputLimits inputLimits;

  /** When the last frame arrived from the peer. */
  long lastReadNs;

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
      PeerMeters meters,
      InputLimits inputLimits) {
    this.port = port;
    this.generation = generation;
    this.info = info;
    this.link = link;
    this.protocolQueue = protocolQueue;
    this.trafficQueue = trafficQueue;
    this.meters = meters;
    this.inputLimits = inputLimits;
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
