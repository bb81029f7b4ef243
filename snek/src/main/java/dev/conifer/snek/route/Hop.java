package dev.conifer.snek.route;

import dev.conifer.snek.wire.Watermark;

/**
 * A next-hop decision: a link port, {@link #LOCAL} (this node), or {@link #NONE}; and for SNEK the
 * watermark the frame carries onwards.
 */
public record Hop(int port, Watermark watermark) {
  public static final int LOCAL = 0;
  public static final int NONE = -1;

  public boolean isLocal() {
    return port == LOCAL;
  }

  public boolean isNone() {
    return port == NONE;
  }
}
