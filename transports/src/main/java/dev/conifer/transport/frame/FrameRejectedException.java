package dev.conifer.transport.frame;

import dev.conifer.snek.wire.WireError;
import dev.conifer.snek.wire.WireException;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * A frame header that {@code FrameHeader.check} rejected. The decoder throws it once and then
 * discards the rest of the stream; the link handler closes the channel with its message and counts
 * its reason. No stack trace: it reports the peer's bytes, not a bug.
 */
public final class FrameRejectedException extends CorruptedFrameException {
  private final WireError reason;

  public FrameRejectedException(WireException cause) {
    super(cause.getMessage());
    this.reason = cause.reason();
  }

  public WireError reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
