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

  private FrameSink sink;

  /** Receives whole frames in place once a link is attached. */
  public interface FrameSink {
    /**
     * The frame is {@code length} bytes at {@code index} of {@code buffer}, borrowed for the call.
     */
    void onFrame(ByteBuf buffer, int index, int length);
  }

  /**
   * From now on, frames go to {@code sink} in place instead of down the pipeline as slices: a relay
   * reads each frame straight out of the cumulation, with no slice and no reference count per
   * frame. Event loop only.
   */
  public void sinkTo(FrameSink sink) {
    this.sink = sink;
  }

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
    if (sink == null) {
      int frameLength = frameLength(in);
      if (frameLength > 0) {
        out.add(in.readRetainedSlice(frameLength));
      }
      return;
    }
    int frameLength;
    while ((frameLength = frameLength(in)) > 0) {
      int index = in.readerIndex();
      try {
        sink.onFrame(in, index, frameLength);
      } finally {
        in.readerIndex(index + frameLength);
      }
    }
  }

  /** The length of the whole frame at the reader index if all of it is here, else 0. */
  private int frameLength(ByteBuf in) throws FrameRejectedException {
    if (state != State.FRAMES || in.readableBytes() < FrameHeader.LENGTH) {
      return 0;
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
    return in.readableBytes() >= frameLength ? frameLength : 0;
  }
}
