package dev.conifer.simulator;

import dev.conifer.snek.SnekEvent;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;

/** What the metrics see of the network: every frame sent, every local delivery, state changes. */
public interface NetworkObserver {
  /** {@code from} wrote a frame onto a link. Returning false drops it (the probe loop guard). */
  boolean onTransmit(SimNode from, FrameType type, byte[] frame, long nowNs);

  /** {@code count} modelled keepalives (10 bytes each) went out at {@code firstNs} + k·period. */
  void onKeepalives(SimNode from, long firstNs, long periodNs, long count);

  /** A payload reached the application of {@code at}. */
  void onDelivery(SimNode at, PublicKey source, byte[] payload, long nowNs);

  /** A node's routing state changed, or the link graph did (then {@code node} may be null). */
  void onStateChange(SimNode node, SnekEvent event);
}
