package dev.conifer.router;

/**
 * Why the router dropped a frame or command, as the {@code reason} tag of {@code conifer.drops}.
 * Drops decided by the SNEK core are counted under their {@code FrameVerdict} name instead.
 */
public enum DropReason {
  /** A transport or API call found the inbound ring full. */
  RING_FULL,
  /** A frame or event for a peering that is already gone (a stale handle). */
  PEER_GONE,
  /** The peer's protocol queue hit its frame or byte bound. */
  PROTOCOL_QUEUE_FULL,
  /** A traffic flow's sub-queue was full: its oldest frame was discarded. */
  TRAFFIC_HEAD_DROP,
  /** The peer's whole traffic queue hit its frame or byte bound. */
  TRAFFIC_QUEUE_FULL,
  /** Queued frames discarded because their peering closed. */
  PEER_CLOSED,
  /** The core emitted a frame for a port with no peering. */
  NO_PEER_FOR_PORT,
  /** A local payload arrived while no receiver was set. */
  NO_RECEIVER,
  /** {@code send} with a payload that cannot fit one frame. */
  SEND_TOO_LARGE,
  /** {@code send} found no route. */
  SEND_NO_ROUTE,
  /** {@code send} was refused by the core's own bound. */
  SEND_QUEUE_FULL,
  /** A keepalive beyond the peer's keepalive rate (it carries nothing; the peer stays up). */
  KEEPALIVE_RATE_LIMITED,
  /** A tree announcement equal to the peer's previous one, beyond the rate of such repeats. */
  DUPLICATE_ANNOUNCEMENT_RATE_LIMITED,
  /** A bootstrap equal to the previous one from that peer, beyond the rate of such repeats. */
  DUPLICATE_BOOTSTRAP_RATE_LIMITED;

  /** The tag value: lower-case name. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
