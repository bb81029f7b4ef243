package dev.conifer.snek;

import dev.conifer.snek.wire.PublicKey;

/** Describes the payload that {@link SnekNode#pollDelivery} just wrote. Reused by the caller. */
public final class Delivery {
  PublicKey sourceKey;
  PublicKey destinationKey;
  int length;

  /** The key of the node that originated the traffic. */
  public PublicKey sourceKey() {
    return sourceKey;
  }

  /**
   * The key the traffic was addressed to: this node's own key, or, for a nearest delivery (a
   * payload with the {@link RendezvousTag}), the key this node is nearest to.
   */
  public PublicKey destinationKey() {
    return destinationKey;
  }

  public int length() {
    return length;
  }
}
