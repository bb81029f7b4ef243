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
 * cumulation (no copy), or handed in place to a {@link FrameSink} once one is set. A header that
 * fails {@code FrameHeader.check} raises one {@link FrameRejectedException}; everything after it is
 * discarded, since a byte stream cannot resync.
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

  private final CumulationView view = new CumulationView();

  /** In sink mode: the frame the last read ended in, if any. */
  private final CarriedFrame carried = new CarriedFrame();

  private final CarriedFrame.HeaderCheck headerCheck = this::checkCarriedHeader;

  private State state = State.HANDSHAKE;

  private FrameSink sink;

  /** Receives whole frames in place once a link is attached. */
  public interface FrameSink {
    /**
     * The frame lies between {@code frame}'s position and limit. The buffer is borrowed for the
     * call and reused for later frames, so the sink must not keep it.
     */
    void onFrame(ByteBuffer frame);
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

  /**
   * In sink mode each read is handled here rather than by the cumulation: the frames wholly inside
   * it go to the sink where they lie, the frame it ends in is carried ({@link CarriedFrame}), and
   * the read's buffer is released at once.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (sink == null || state != State.FRAMES || !(msg instanceof ByteBuf)) {
      super.channelRead(ctx, msg);
      return;
    }
    ByteBuf in = (ByteBuf) msg;
    try {
      ByteBuf cumulated = internalBuffer(); // bytes read before the sink was set
      if (cumulated.isReadable()) {
        sinkRead(cumulated);
      }
      sinkRead(in);
    } finally {
      in.release();
    }
  }

  private void sinkRead(ByteBuf in) throws FrameRejectedException {
    if (!carried.isEmpty()) {
      ByteBuffer frame = carried.fill(in, headerCheck);
      if (frame == null) {
        return; // all of this read went into the carried frame
      }
      try {
        sink.onFrame(frame);
      } finally {
        carried.clear();
      }
    }
    decodeFrame(in, null);
    int left = in.readableBytes();
    if (left > 0 && state == State.FRAMES) {
      int frameLength = left >= FrameHeader.LENGTH ? declaredLength(in) : 0;
      carried.start(in, left, frameLength);
    }
  }

  private int checkCarriedHeader(ByteBuffer buffer, int offset) throws FrameRejectedException {
    try {
      return FrameHeader.check(buffer, offset, frameLengthMax);
    } catch (WireException e) {
      state = State.REJECTED;
      carried.clear();
      view.clear();
      throw new FrameRejectedException(e);
    }
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
    ByteBuffer frames = view.of(in);
    if (frames == null) {
      sinkSliced(in);
      return;
    }
    // Each frame's header is checked where it lies, and the frame goes to the sink as that same
    // view: no copy, slice or allocation per frame.
    int base = view.base();
    int end = base + in.writerIndex();
    while (state == State.FRAMES && end - frames.position() >= FrameHeader.LENGTH) {
      int at = frames.position();
      int frameLength = checkHeader(in, frames, at);
      if (end - at < frameLength) {
        return;
      }
      frames.limit(at + frameLength);
      try {
        sink.onFrame(frames);
      } finally {
        in.readerIndex(at - base + frameLength);
        frames.limit(end).position(at + frameLength);
      }
    }
  }

  /** The in-place path for a buffer with no single NIO view (composite): one view per frame. */
  private void sinkSliced(ByteBuf in) throws FrameRejectedException {
    int frameLength;
    while ((frameLength = frameLength(in)) > 0) {
      int index = in.readerIndex();
      try {
        sink.onFrame(in.nioBuffer(index, frameLength));
      } finally {
        in.readerIndex(index + frameLength);
      }
    }
  }

  private int checkHeader(ByteBuf in, ByteBuffer frames, int at) throws FrameRejectedException {
    try {
      return FrameHeader.check(frames, at, frameLengthMax);
    } catch (WireException e) {
      throw reject(in, e);
    }
  }

  private FrameRejectedException reject(ByteBuf in, WireException e) {
    state = State.REJECTED;
    in.skipBytes(in.readableBytes());
    view.clear();
    return new FrameRejectedException(e);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    view.clear();
    carried.clear();
  }

  /** The length of the whole frame at the reader index if all of it is here, else 0. */
  private int frameLength(ByteBuf in) throws FrameRejectedException {
    if (state != State.FRAMES || in.readableBytes() < FrameHeader.LENGTH) {
      return 0;
    }
    int frameLength = declaredLength(in);
    return in.readableBytes() >= frameLength ? frameLength : 0;
  }

  /** The checked length of the frame whose header is at the reader index (all 10 bytes here). */
  private int declaredLength(ByteBuf in) throws FrameRejectedException {
    in.getBytes(in.readerIndex(), header.array(), 0, FrameHeader.LENGTH);
    try {
      return FrameHeader.check(header, 0, frameLengthMax);
    } catch (WireException e) {
      throw reject(in, e);
    }
  }
}
