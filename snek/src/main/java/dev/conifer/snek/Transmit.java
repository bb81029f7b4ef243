package dev.conifer.snek;

import dev.conifer.snek.wire.FrameType;

/** Describes the frame that {@link SnekNode#pollTransmit} just wrote. Reused by the caller. */
public final class Transmit {
  int port;
  int length;
  FrameType type;

  /** The link port to send on (never 0: local deliveries go through {@code pollDelivery}). */
  public int port() {
    return port;
  }

  /** Bytes written into the caller's buffer. */
  public int length() {
    return length;
  }

  public FrameType type() {
    return type;
  }

  /** Traffic goes to the fair traffic queue; everything else is protocol and goes first. */
  public boolean isTraffic() {
    return type == FrameType.TRAFFIC;
  }
}
