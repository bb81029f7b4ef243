package dev.conifer.transport.link;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;

/**
 * The per-connection limits every link of one node shares.
 *
 * @param handshakeTimeoutNs the whole handshake (and any upgrade before it) must finish within this
 * @param writeStallTimeoutNs a link that stays unwritable this long is closed: its peer is not
 *     reading (Go closes a peer whose single frame write takes over 3 s)
 * @param frameLengthMax the largest frame accepted
 * @param pendingHandshakeCountMax connections allowed to be mid-handshake at once
 */
public record LinkLimits(
    long handshakeTimeoutNs,
    long writeStallTimeoutNs,
    int frameLengthMax,
    int pendingHandshakeCountMax) {
  public static final long SECOND_NS = 1_000_000_000L;

  public LinkLimits {
    if (handshakeTimeoutNs <= 0 || writeStallTimeoutNs <= 0 || pendingHandshakeCountMax <= 0) {
      throw new IllegalArgumentException("link limits must be positive: " + this);
    }
    if (frameLengthMax < FrameHeader.LENGTH || frameLengthMax > FrameHeader.FRAME_LENGTH_MAX) {
      throw new IllegalArgumentException("frameLengthMax out of range: " + frameLengthMax);
    }
  }

  /** Go's handshake deadline, 30 s of write stall, whole-size frames, 1024 pending handshakes. */
  public static LinkLimits defaults() {
    return new LinkLimits(Handshake.TIMEOUT_NS, 30 * SECOND_NS, FrameHeader.FRAME_LENGTH_MAX, 1024);
  }

  public LinkLimits withHandshakeTimeoutNs(long value) {
    return new LinkLimits(value, writeStallTimeoutNs, frameLengthMax, pendingHandshakeCountMax);
  }

  public LinkLimits withWriteStallTimeoutNs(long value) {
    return new LinkLimits(handshakeTimeoutNs, value, frameLengthMax, pendingHandshakeCountMax);
  }

  public LinkLimits withFrameLengthMax(int value) {
    return new LinkLimits(handshakeTimeoutNs, writeStallTimeoutNs, value, pendingHandshakeCountMax);
  }

  public LinkLimits withPendingHandshakeCountMax(int value) {
    return new LinkLimits(handshakeTimeoutNs, writeStallTimeoutNs, frameLengthMax, value);
  }
}
