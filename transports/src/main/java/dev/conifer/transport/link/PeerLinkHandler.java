package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.spi.Link;
import dev.conifer.transport.frame.FrameDecoder;
import dev.conifer.transport.frame.FrameRejectedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one attached channel to the router's {@link Link}, and feeds its frames to the router's
 * {@link PeerHandle}. The same adapter serves TCP and WebSocket: below it both are a byte stream
 * cut into frames by the {@code FrameDecoder}.
 *
 * <p>Inbound: each frame is a retained slice; the handle copies it before returning, and this
 * handler releases it in {@code finally}. Outbound: the router calls {@link #write} and {@link
 * #flush} from its own thread. Frames wait in a lock-free queue and one task per flush writes them
 * all on the event loop: a Netty write from another thread would cost a task, and often a wake-up,
 * per frame. Queued bytes count towards writability, so the router's backpressure still holds.
 */
public final class PeerLinkHandler extends ChannelInboundHandlerAdapter
    implements Link, FrameDecoder.FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkHandler.class);
  static final String CLOSED_BY_PEER = "connection closed by peer";

  static final String CLOSED_LOCALLY = "transports closed";

  private final LinkSetup setup;
  private final TransportCounters counters;
  private volatile Channel channel;
  private volatile ChannelPromise silentPromise;
  private volatile String closeReason;
  private final Queue<ByteBuf> pending = PlatformDependent.newMpscQueue();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drainPending;
  private volatile boolean pendingFull;
  private volatile boolean inactive; // set on the loop before the queue is released
  private PeerHandle handle; // event loop only
  private OutboundArena arena; // event loop only: frames written on the loop
  private int uncountedFrames; // event loop only: frames read in place, counted per read batch
  private long uncountedBytes; // event loop only
  private ScheduledFuture<?> stallTimer; // event loop only

  PeerLinkHandler(LinkSetup setup) {
    this.setup = setup;
    this.counters = setup.counters();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    // Write failures close the channel anyway (the reason arrives through channelInactive), so a
    // promise that neither allocates nor fires exceptions is enough for every frame.
    silentPromise = new VoidChannelPromise(ctx.channel(), false);
    arena = new OutboundArena(ctx.alloc());
  }

  /** Called on the event loop right after the router accepted the peering. */
  void bind(PeerHandle peerHandle) {
    this.handle = peerHandle;
    if (!channel.isActive()) {
      peerHandle.onClosed(reason());
    }
  }

  // ---- Link: called on the router thread ----

  @Override
  public boolean isWritable() {
    return channel.isWritable() && pendingBytes.get() < pendingBytesMax();
  }

  @Override
  public void write(byte[] frame) {
    enqueueOutbound(Unpooled.wrappedBuffer(frame));
  }

  /**
   * The router's usual path: one copy, into a pooled direct buffer the socket writes as is. On the
   * event loop, frames are packed into the link's {@link OutboundArena}, so a busy link costs the
   * pipeline one write per flush rather than one per frame.
   */
  @Override
  public void write(ByteBuffer frame) {
    int length = frame.remaining();
    if (channel.eventLoop().inEventLoop() && pending.isEmpty()) {
      if (!arenaFor(length)) {
        frame.position(frame.limit()); // closed: channelInactive released the arena already
        return;
      }
      arena.write(frame);
      return;
    }
    if (inactive) {
      frame.position(frame.limit());
      return;
    }
    ByteBuf copy = channel.alloc().directBuffer(length);
    copy.writeBytes(frame);
    enqueueOutbound(copy);
  }

  /**
   * The router's zero-copy path, on the event loop: the rewritten frame is written straight into
   * the arena. Null off the loop, behind queued frames, or once closed.
   */
  @Override
  public ByteBuffer claim(int length) {
    if (!channel.eventLoop().inEventLoop() || !pending.isEmpty() || !arenaFor(length)) {
      return null;
    }
    return arena.claim(length);
  }

  @Override
  public void commit(int length) {
    arena.commit(length);
  }

  /** Event loop only: makes room for {@code length} more bytes; false once closed. */
  private boolean arenaFor(int length) {
    if (!channel.isActive()) {
      return false;
    }
    if (!arena.hasRoom(length)) {
      writeBatch();
      arena.renew(length);
    }
    return true;
  }

  private void enqueueOutbound(ByteBuf frame) {
    int length = frame.readableBytes();
    if (channel.eventLoop().inEventLoop() && pending.isEmpty()) {
      writeBatch();
      channel.write(frame, silentPromise);
      return;
    }
    if (inactive) {
      frame.release();
      return;
    }
    pending.add(frame);
    if (pendingBytes.addAndGet(length) >= pendingBytesMax()) {
      pendingFull = true;
    }
    if (inactive) {
      releaseLateFrames(); // channelInactive may have emptied the queue before this add
    }
  }

  /**
   * Off the loop, after the link went down: the queue's single consumer is the event loop, so its
   * release runs there; once the loop has shut down nothing else consumes, and this thread may.
   */
  private void releaseLateFrames() {
    try {
      channel.eventLoop().execute(this::releasePending);
    } catch (RejectedExecutionException loopGone) {
      releasePending();
    }
  }

  /** Event loop only: hands the batch, if any, to the pipeline (frames keep their order). */
  private void writeBatch() {
    ByteBuf batch = arena.takeBatch();
    if (batch != null) {
      channel.write(batch, silentPromise);
    }
  }

  @Override
  public void flush() {
    if (channel.eventLoop().inEventLoop()) {
      drainPending();
    } else if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drainTask);
    }
  }

  private int pendingBytesMax() {
    return channel.config().getWriteBufferHighWaterMark();
  }

  /** On the event loop: writes every queued frame, then flushes once. */
  private void drainPending() {
    drainScheduled.set(false);
    writeBatch();
    long drained = 0;
    ByteBuf frame;
    while ((frame = pending.poll()) != null) {
      drained += frame.readableBytes();
      channel.write(frame, silentPromise);
    }
    pendingBytes.addAndGet(-drained);
    channel.flush();
    arena.shrinkIfIdle();
    if (pendingFull && isWritable()) {
      pendingFull = false;
      PeerHandle peer = handle;
      if (peer != null) {
        peer.onWritable();
      }
    }
  }

  private void releasePending() {
    if (channel.eventLoop().inEventLoop()) {
      arena.release();
    }
    ByteBuf frame;
    while ((frame = pending.poll()) != null) {
      pendingBytes.addAndGet(-frame.readableBytes());
      frame.release();
    }
  }

  @Override
  public void close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    channel.close();
  }

  // ---- Netty: called on the event loop ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ByteBuf frame = (ByteBuf) msg;
    try {
      int length = frame.readableBytes();
      counters.frameIn(length);
      PeerHandle peer = handle;
      if (peer != null && !peer.onFrame(view(frame, length))) {
        counters.frameDroppedRingFull();
      }
    } finally {
      frame.release();
    }
  }

  /** The decoder's in-place path: the frame is read straight out of its cumulation. */
  @Override
  public void onFrame(ByteBuffer frame) {
    uncountedFrames++;
    uncountedBytes += frame.remaining();
    PeerHandle peer = handle;
    if (peer != null && !peer.onFrame(frame)) {
      counters.frameDroppedRingFull();
    }
  }

  /** A view of the frame's bytes without copying; reused by Netty where it can be. */
  private static ByteBuffer view(ByteBuf frame, int length) {
    return view(frame, frame.readerIndex(), length);
  }

  private static ByteBuffer view(ByteBuf buffer, int index, int length) {
    return buffer.nioBufferCount() == 1
        ? buffer.internalNioBuffer(index, length)
        : buffer.nioBuffer(index, length);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    countFramesIn();
    PeerHandle peer = handle;
    if (peer != null) {
      peer.onReadComplete(); // a router on this loop flushes what these reads produced
    }
    ctx.fireChannelReadComplete();
  }

  private void countFramesIn() {
    if (uncountedFrames > 0) {
      counters.framesIn(uncountedFrames, uncountedBytes);
      uncountedFrames = 0;
      uncountedBytes = 0;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      cancelStallTimer();
      PeerHandle peer = handle;
      if (peer != null) {
        peer.onWritable();
      }
    } else if (stallTimer == null) {
      // A peer that stops reading would otherwise hold its buffers forever (and WebSocket pongs
      // are queued whatever the router does), so a stall past the limit ends the link.
      long timeoutNs = setup.limits().writeStallTimeoutNs();
      stallTimer =
          ctx.executor().schedule(() -> onStalled(ctx, timeoutNs), timeoutNs, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void onStalled(ChannelHandlerContext ctx, long timeoutNs) {
    stallTimer = null;
    if (!ctx.channel().isWritable()) {
      close(
          "write stalled for "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNs)
              + " ms: peer is not reading");
    }
  }

  private void cancelStallTimer() {
    if (stallTimer != null) {
      stallTimer.cancel(false);
      stallTimer = null;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelStallTimer();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    countFramesIn();
    cancelStallTimer();
    inactive = true;
    releasePending();
    PeerHandle peer = handle;
    if (peer != null) {
      String reason = reason();
      LOG.debug("peer on port {} down: {}", peer.port(), reason); // the router's listener logs it
      peer.onClosed(reason);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof FrameRejectedException) {
      counters.frameRejected(((FrameRejectedException) cause).reason());
    }
    if (closeReason == null) {
      closeReason = String.valueOf(cause.getMessage());
    }
    ctx.close();
  }

  /** Why the link closed: the first reason given, else our own shutdown, else EOF from the peer. */
  String reason() {
    String reason = closeReason;
    if (reason != null) {
      return reason;
    }
    return setup.closing() ? CLOSED_LOCALLY : CLOSED_BY_PEER;
  }
}
