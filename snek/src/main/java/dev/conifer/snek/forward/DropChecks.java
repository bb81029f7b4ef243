package dev.conifer.snek.forward;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.wire.FrameHeader;

/**
 * The drop checks of the common forwarding procedure (PROTOCOL.md §8.4 steps 4 and 5, with the hop
 * limit of §8.5) as one pure function, shared by every path that forwards traffic or bootstraps.
 */
public final class DropChecks {
  private DropChecks() {}

  /**
   * Why a frame that arrived on {@code fromPort} and would leave on {@code nextPort} must be
   * dropped, or {@link FrameVerdict#FORWARDED} if it may go. The checks run in Go's order: the hop
   * limit, no route (or straight back), a worse watermark, a hop to this node for another key, and
   * last the wire maximum.
   *
   * @param nextPort a link port, {@link Hop#LOCAL} or {@link Hop#NONE}
   * @param hopLimit the frame's hop limit as received; ignored unless {@code hopLimiting}
   * @param hopLimiting whether this node enforces hop limits (traffic only; bootstraps pass false)
   * @param watermarkWorse whether the next hop's watermark is worse than the frame's (§8.1)
   * @param forwardedLength the size of the frame as it would be sent on
   */
  public static FrameVerdict verdict(
      int fromPort,
      int nextPort,
      int hopLimit,
      boolean hopLimiting,
      boolean watermarkWorse,
      int forwardedLength) {
    if (hopLimiting && hopLimit <= 1) {
      return FrameVerdict.DROPPED_HOP_LIMIT;
    }
    if (nextPort == fromPort || nextPort == Hop.NONE) {
      return FrameVerdict.DROPPED_NO_ROUTE;
    }
    if (watermarkWorse) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    if (nextPort == Hop.LOCAL) {
      return FrameVerdict.DROPPED_MISDELIVERED; // not for us, and nobody closer is known
    }
    if (forwardedLength > FrameHeader.FRAME_LENGTH_MAX) {
      return FrameVerdict.DROPPED_TOO_LARGE;
    }
    return FrameVerdict.FORWARDED;
  }

  /** The hop limit a frame that passed {@link #verdict} carries onwards (§8.5). */
  public static int onwardHopLimit(int hopLimit, boolean hopLimiting) {
    return hopLimiting ? hopLimit - 1 : hopLimit;
  }
}
