package dev.conifer.snek;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.WireError;
import java.nio.ByteBuffer;

/**
 * One SNEK router as a deterministic, sans-I/O state machine (PROTOCOL.md §5–§10).
 *
 * <p>Driver contract (STYLE.md): after any {@code handle*}, {@code port*} or {@code send} call,
 * drain {@link #pollTransmit}, then {@link #pollDelivery}, then re-read {@link #pollDeadlineNs},
 * then drain {@link #pollEvent}. {@code nowNs} must never decrease. Not thread-safe: one thread
 * owns it.
 */
public final class SnekNode {
  public static final int NO_PORT = -1;
  public static final int LOCAL_PORT = 0;
  public static final long NO_DEADLINE = Long.MAX_VALUE;
  public static final int NOTHING = -1;

  /**
   * @param nowNs the driver's monotonic time now
   * @param epochMs wall-clock Unix milliseconds at {@code nowNs}; bootstrap and broadcast sequence
   *     numbers are derived from it and the monotonic clock, so they never go backwards
   * @param seed seeds timer jitter; the same seed and inputs give the same outputs
   */
  public SnekNode(
      SnekConfig config, Signer signer, Verifier verifier, long nowNs, long epochMs, long seed) {
    throw new UnsupportedOperationException("in progress");
  }

  public PublicKey publicKey() {
    throw new UnsupportedOperationException("in progress");
  }

  /** A link finished its handshake on {@code port} (1..portCountMax) with {@code peerKey}. */
  public void portUp(long nowNs, int port, PublicKey peerKey, PeerType type) {}

  /** The link on {@code port} is gone. Unknown ports are ignored. */
  public void portDown(long nowNs, int port) {}

  /**
   * One whole frame (header included) from {@code port}, borrowed for the call. Returns what
   * happened; if the verdict says {@link FrameVerdict#disconnect()}, close the peering.
   */
  public FrameVerdict handleFrame(long nowNs, int port, ByteBuffer frame) {
    return FrameVerdict.DROPPED_UNKNOWN_PORT;
  }

  /** The wire error behind the last {@link FrameVerdict#MALFORMED}, for logs and counters. */
  public WireError lastWireError() {
    return null;
  }

  /** Runs whatever timers are due at {@code nowNs}. */
  public void handleTimeout(long nowNs) {}

  /** Originates traffic to {@code destination}; the payload is copied. */
  public SendResult send(long nowNs, PublicKey destination, ByteBuffer payload) {
    return SendResult.NO_ROUTE;
  }

  /** Length of the next frame {@link #pollTransmit} would write, or {@link #NOTHING}. */
  public int nextTransmitLength() {
    return NOTHING;
  }

  /**
   * Writes the next outgoing frame at {@code out}'s position (advancing it) and describes it in
   * {@code transmit}. Returns false if there is none, or if {@code out} has too little room (then
   * nothing is consumed: size the buffer with {@link #nextTransmitLength}).
   */
  public boolean pollTransmit(ByteBuffer out, Transmit transmit) {
    return false;
  }

  /** Length of the next local payload {@link #pollDelivery} would write, or {@link #NOTHING}. */
  public int nextDeliveryLength() {
    return NOTHING;
  }

  /** Writes the next payload addressed to this node, like {@link #pollTransmit}. */
  public boolean pollDelivery(ByteBuffer out, Delivery delivery) {
    return false;
  }

  /** When {@link #handleTimeout} next has work, or {@link #NO_DEADLINE}. */
  public long pollDeadlineNs() {
    return NO_DEADLINE;
  }

  /** The next event, or null. */
  public SnekEvent pollEvent() {
    return null;
  }

  public Root root() {
    throw new UnsupportedOperationException("in progress");
  }

  public Coordinates coordinates() {
    throw new UnsupportedOperationException("in progress");
  }

  /** The parent's port, or {@link #NO_PORT} if this node is a root. */
  public int parentPort() {
    return NO_PORT;
  }

  /** The snake's descending neighbour (key-order predecessor as known), or null. */
  public PublicKey descending() {
    return null;
  }

  /** Live snake routing-table entries. */
  public int routeCount() {
    return 0;
  }

  /** The key of the peer on {@code port}, or null if the port is down. */
  public PublicKey peerKey(int port) {
    return null;
  }
}
