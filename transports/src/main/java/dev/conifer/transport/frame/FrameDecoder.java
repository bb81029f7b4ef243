package dev.conifer.transport.frame;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Splits a peering's byte stream (PROTOCOL.md §3, §4): first exactly 104 handshake bytes, emitted
 * as one {@link ReceivedHandshake}, then whole frames, each emitted as a retained slice of the
 * cumulation (no copy). A header that fails {@code FrameHeader.check} raises one {@link
 * FrameRejectedException}; everything after it is discarded, since a byte stream cannot resync.
 *
 * <p>Not sharable: it holds per-stream state. The stream may be cut anywhere (TCP segments,
 * WebSocket message boundaries), so every state waits for enough bytes before consuming any.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private enum State {
    HANDSHAKE,
    FRAMES,
    REJECTED
  }

  private final int frameLengthMax;

  /** The header is copied here so the check reads a reused buffer, whatever the cumulation is. */
  private final ByteBuffer header = ByteBuffer.allocate(FrameHeader.LENGTH);

  private State state = State.HANDSHAKE;

  /**
   * @param frameLengthMax the largest whole frame accepted, at least the header length and at most
   *     {@link FrameHeader#FRAME_LENGTH_MAX}
   */
  public FrameDecoder(int frameLengthMax) {
    if (frameLengthMax < FrameHeader.LENGTH || frameLengthMax > FrameHeader.FRAME_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "frameLengthMax must be in ["
              + FrameHeader.LENGTH
              + ", "
              + FrameHeader.FRAME_LENGTH_MAX
              + "]: "
              + frameLengthMax);
    }
    this.frameLengthMax = frameLengthMax;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws FrameRejectedException {
    switch (state) {
      case HANDSHAKE:
        if (in.readableBytes() >= Handshake.LENGTH) {
          byte[] bytes = new byte[Handshake.LENGTH]; // once per connection
          in.readBytes(bytes);
          out.add(new ReceivedHandshake(bytes));
          state = State.FRAMES;
        }
        return;
      case FRAMES:
        decodeFrame(in, out);
        return;
      case REJECTED:
      default:
        in.skipBytes(in.readableBytes());
    }
  }

  private void decodeFrame(ByteBuf in, List<Object> out) throws FrameRejectedException {
    if (in.readableBytes() < FrameHeader.LENGTH) {
      return;
    }
    in.getBytes(in.readerIndex(), header.array(), 0, FrameHeader.LENGTH);
    int frameLength;
    try {
      frameLength = FrameHeader.check(header, 0, frameLengthMax);
    } catch (WireException e) {
      state = State.REJECTED;
      in.skipBytes(in.readableBytes());
      throw new FrameRejectedException(e);
    }
    if (in.readableBytes() >= frameLength) {
      out.add(in.readRetainedSlice(frameLength));
    }
  }
}
