package dev.conifer.transport.frame;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits a peering's byte stream (PROTOCOL.md §3, §4): first exactly 104 handshake bytes, emitted
 * as one {@link ReceivedHandshake}, then whole frames, each emitted as a retained slice of the
 * cumulation (no copy), or handed in place to a {@link FrameSink} once one is set. A header that
 * fails {@code FrameHeader.check} raises one {@link FrameRejectedException}; everything after it is
 * discarded, since a byte stream cannot resync.
 *
 * <p>In sink mode a link gets a bounded share of its event loop: at most {@code framesPerTurnMax}
 * frames per turn (one batch of reads). Past it the rest of the read is held, reading stops, and
 * the held bytes are taken up in the loop's next turn, after every other link had its reads; so a
 * peer flooding small frames cannot starve another peer's frames, and TCP pushes back on it.
 *
 * <p>{@link #pauseReading} stops a link for a while (the router asks when a peer floods frames that
 * carry no data): the rest of the current read is held, nothing is read, and TCP slows the sender
 * instead of this loop reading and dropping its frames.
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

  /** A turn's frame share in sink mode; what is left of it this turn. */
  private final int framesPerTurnMax;

  private int framesLeft;

  /** In sink mode, past the turn's share: the rest of the read, taken up next turn. */
  private ByteBuf held;

  private ChannelHandlerContext context;

  /**
   * Between {@link #pauseReading} and its scheduled resume: no frame is handed on, no read made.
   */
  private boolean paused;

  /** Receives whole frames in place once a link is attached. */
  public interface FrameSink {
    /**
     * The frame lies between {@code frame}'s position and limit. The buffer is borrowed for the
     * call and reused for later frames, so the sink must not keep it.
     */
    void onFrame(ByteBuffer frame);

    /** The link used its share of this turn: the rest of its read waits for the next turn. */
    default void onTurnSpent() {}
  }

  /** Frames a link may hand on per event-loop turn, by default. */
  public static final int FRAMES_PER_TURN_MAX = 256;

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
    this(frameLengthMax, FRAMES_PER_TURN_MAX);
  }

  /** As {@link #FrameDecoder(int)}, with a link's frame share per turn in sink mode. */
  public FrameDecoder(int frameLengthMax, int framesPerTurnMax) {
    if (framesPerTurnMax < 1) {
      throw new IllegalArgumentException("framesPerTurnMax must be positive: " + framesPerTurnMax);
    }
    this.framesPerTurnMax = framesPerTurnMax;
    this.framesLeft = framesPerTurnMax;
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
    context = ctx;
    ByteBuf in = (ByteBuf) msg;
    ByteBuf cumulated = internalBuffer(); // bytes read before the sink was set
    if (cumulated.isReadable()) {
      in = joined(ctx, cumulated, in);
    }
    if (held != null) {
      ByteBuf rest = held; // a read already under way when reading stopped
      held = null;
      in = joined(ctx, rest, in);
      rest.release();
    }
    try {
      if (sinkRead(in)) {
        hold(ctx, in.retain());
      }
    } finally {
      in.release();
    }
  }

  /**
   * Hands on the frames in {@code in} up to the turn's share. Returns true if the share ran out
   * with bytes left (the caller holds them), else takes everything (a partial frame is carried).
   */
  private boolean sinkRead(ByteBuf in) throws FrameRejectedException {
    if (framesLeft == 0) {
      return in.isReadable();
    }
    if (!carried.isEmpty()) {
      ByteBuffer frame = carried.fill(in, headerCheck);
      if (frame == null) {
        return false; // all of this read went into the carried frame
      }
      framesLeft--;
      try {
        sink.onFrame(frame);
      } finally {
        carried.clear();
      }
    }
    decodeFrame(in, null);
    int left = in.readableBytes();
    if (left > 0 && state == State.FRAMES) {
      if (framesLeft == 0) {
        return true;
      }
      int frameLength = left >= FrameHeader.LENGTH ? declaredLength(in) : 0;
      carried.start(in, left, frameLength);
    }
    return false;
  }

  /**
   * In sink mode, from the sink's {@code onFrame} or elsewhere on the event loop: hands on no more
   * frames and reads nothing for {@code durationNs}; the rest of the current read waits, then gets
   * a new turn's share. False if already paused or not reading frames yet.
   */
  public boolean pauseReading(long durationNs) {
    ChannelHandlerContext ctx = context;
    if (paused || ctx == null || state != State.FRAMES) {
      return false;
    }
    paused = true;
    framesLeft = 0; // the frame loop stops after this frame; the rest of the read is held
    ctx.channel().config().setAutoRead(false);
    ctx.executor().schedule(this::resume, durationNs, TimeUnit.NANOSECONDS);
    return true;
  }

  /** The pause is over: the held bytes get a turn's share, and reading resumes after them. */
  private void resume() {
    paused = false;
    if (held != null) {
      nextTurn();
      return;
    }
    framesLeft = framesPerTurnMax;
    if (context.channel().isActive()) {
      context.channel().config().setAutoRead(true);
    }
  }

  /** Past the share: stop reading, and take {@code rest} up in the loop's next turn. */
  private void hold(ChannelHandlerContext ctx, ByteBuf rest) {
    held = rest;
    ctx.channel().config().setAutoRead(false);
    if (paused) {
      return; // the resume takes it up
    }
    sink.onTurnSpent();
    // A scheduled task, not execute(): the loop runs those only after its next round of I/O, so
    // every other link reads first (a task queued now would run in this same round).
    ctx.executor().schedule(this::nextTurn, 0, TimeUnit.NANOSECONDS);
  }

  /** A copy of {@code first}'s readable bytes, then {@code second}'s (released); rare. */
  private static ByteBuf joined(ChannelHandlerContext ctx, ByteBuf first, ByteBuf second) {
    ByteBuf both = ctx.alloc().buffer(first.readableBytes() + second.readableBytes());
    both.writeBytes(first).writeBytes(second);
    second.release();
    return both;
  }

  /** The next turn: a new share for the held bytes; reading resumes once they are all taken. */
  private void nextTurn() {
    ByteBuf rest = held;
    if (rest == null || paused) {
      return; // removed meanwhile, or paused since (the resume takes the bytes up)
    }
    held = null;
    framesLeft = framesPerTurnMax;
    ChannelHandlerContext ctx = context;
    boolean again = false;
    try {
      again = state == State.FRAMES && sinkRead(rest);
      if (again) {
        hold(ctx, rest.retain());
      } else if (!paused) {
        ctx.channel().config().setAutoRead(true);
      }
    } catch (RuntimeException e) { // a FrameRejectedException among them
      ctx.fireExceptionCaught(e); // closes the link, as from a read
    } finally {
      rest.release();
    }
    ctx.fireChannelReadComplete(); // the router writes what these frames produced
  }

  /** A new turn's share, unless bytes are held (their turn refills it). */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (held != null || paused) {
      ctx.fireChannelReadComplete(); // and no read: the held bytes (or the pause) go first
      return;
    }
    framesLeft = framesPerTurnMax;
    super.channelReadComplete(ctx);
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
    while (state == State.FRAMES
        && framesLeft > 0
        && end - frames.position() >= FrameHeader.LENGTH) {
      int at = frames.position();
      int frameLength = checkHeader(in, frames, at);
      if (end - at < frameLength) {
        return;
      }
      frames.limit(at + frameLength);
      framesLeft--;
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
    while (framesLeft > 0 && (frameLength = frameLength(in)) > 0) {
      framesLeft--;
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
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseHeld();
    super.channelInactive(ctx);
  }

  /** The link is gone: nothing reads the held bytes any more. */
  private void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    view.clear();
    carried.clear();
    releaseHeld();
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
