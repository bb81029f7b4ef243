package dev.conifer.simulator;

import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;

/**
 * What the metrics see of the network: every frame written (keepalives included), every local
 * delivery, state changes.
 */
public interface NetworkObserver {
  /** {@code from} wrote a frame onto a link. Returning false drops it (the probe loop guard). */
  boolean onTransmit(SimNode from, FrameType type, byte[] frame, long nowNs);

  /** A payload reached the application of {@code at}. */
  void onDelivery(SimNode at, PublicKey source, byte[] payload, long nowNs);

  /**
   * A node's routing state or peerings changed (not for wakeup broadcasts), or the link graph did
   * (then {@code node} is null).
   */
  void onStateChange(SimNode node);
}
