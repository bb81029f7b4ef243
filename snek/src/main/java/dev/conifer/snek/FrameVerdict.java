package dev.conifer.snek;

/**
 * What {@link SnekNode#handleFrame} did with one frame. A verdict with {@link #disconnect()} set
 * means the peer broke the protocol and its peering must be closed (and {@link SnekNode#portDown}
 * called); everything else leaves the peering up.
 */
public enum FrameVerdict {
  FORWARDED(false),
  DELIVERED(false),
  /** Tagged traffic for another key, delivered here because no nearer node is known. */
  DELIVERED_NEAREST(false),
  CONSUMED(false),
  DROPPED_NO_ROUTE(false),
  DROPPED_HOP_LIMIT(false),
  DROPPED_WATERMARK(false),
  DROPPED_BAD_BOOTSTRAP(false),
  DROPPED_STALE(false),
  DROPPED_WRONG_ROOT(false),
  DROPPED_RATE_LIMITED(false),
  DROPPED_UNKNOWN_TYPE(false),
  DROPPED_MISDELIVERED(false),
  DROPPED_QUEUE_FULL(false),
  DROPPED_UNKNOWN_PORT(false),
  DROPPED_TOO_LARGE(false),
  MALFORMED(true),
  BAD_ANNOUNCEMENT(true),
  BAD_BROADCAST(true);

  private final boolean disconnect;

  FrameVerdict(boolean disconnect) {
    this.disconnect = disconnect;
  }

  public boolean disconnect() {
    return disconnect;
  }

  public boolean dropped() {
    return name().startsWith("DROPPED");
  }
}
