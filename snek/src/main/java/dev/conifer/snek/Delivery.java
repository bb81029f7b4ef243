package dev.conifer.snek;

import dev.conifer.snek.wire.PublicKey;

/** Describes the payload that {@link SnekNode#pollDelivery} just wrote. Reused by the caller. */
public final class Delivery {
  PublicKey sourceKey;
  int length;

  /** The key of the node that originated the traffic. */
  public PublicKey sourceKey() {
    return sourceKey;
  }

  public int length() {
    return length;
  }
}
