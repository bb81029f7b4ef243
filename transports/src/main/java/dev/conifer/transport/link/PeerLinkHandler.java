package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.spi.Link;
import dev.conifer.transport.frame.FrameDecoder;
import dev.conifer.transport.frame.FrameRejectedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one attached channel to the router's {@link Link}, and feeds its frames to the router's
 * {@link PeerHandle}. The same adapter serves TCP, WebSocket, QUIC streams and Bluetooth: below it
 * each is a byte stream cut into frames by the {@code FrameDecoder}.
 *
 * <p>Inbound: a frame is handed to the handle as a view of the decoder's buffer, which the handle
 * copies or routes before returning. Outbound, on the event loop: the router writes each frame
 * straight into the link's {@link OutboundArena} ({@link #claim}/{@link #commit}, or a copy through
 * {@link #write}), and {@link #flush} hands the pipeline one batch. A router on another thread
 * reaches this through {@link CrossThreadLink} instead; a stalled peer is cut off by {@link
 * WriteStallWatchdog}.
 */
public final class PeerLinkHandler extends ChannelInboundHandlerAdapter
    implements Link, FrameDecoder.FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkHandler.class);
  static final String CLOSED_BY_PEER = "connection closed by peer";

  static final String CLOSED_LOCALLY = "transports closed";

  private final LinkSetup setup;
  private final TransportCounters counters;
  private volatile Channel channel;
  private volatile String closeReason;
  private ChannelPromise silentPromise;
  private volatile PeerHandle handle;
  private OutboundArena arena; // event loop only
  private FrameDecoder decoder; // event loop only: the link's reads, to pause them
  private int uncountedFrames; // event loop only: frames read in place, counted per read batch
  private long uncountedBytes; // event loop only

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

  /** Called on the event loop once {@code frames} hands its frames to this link. */
  void readFrom(FrameDecoder frames) {
    this.decoder = frames;
  }

  Channel channel() {
    return channel;
  }

  /** The router's handle, once bound; null before. */
  PeerHandle handle() {
    return handle;
  }

  // ---- Link: on the event loop (CrossThreadLink brings other threads' writes here) ----

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  /** The router's path: the frame is written straight into the arena. Null once closed. */
  @Override
  public ByteBuffer claim(int length) {
    return arenaFor(length) ? arena.claim(length) : null;
  }

  @Override
  public void commit(int length) {
    arena.commit(length);
  }

  /** The fallback: one copy into the arena. */
  @Override
  public void write(ByteBuffer frame) {
    if (!arenaFor(frame.remaining())) {
      frame.position(frame.limit()); // closed: channelInactive released the arena already
      return;
    }
    arena.write(frame);
  }

  /** A frame queued off the loop: after the batch so far, so frames keep their order. */
  void write(ByteBuf frame) {
    writeBatch();
    channel.write(frame, silentPromise);
  }

  /** Makes room for {@code length} more bytes; false once closed. */
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

  /** Hands the batch, if any, to the pipeline. */
  private void writeBatch() {
    ByteBuf batch = arena.takeBatch();
    if (batch != null) {
      channel.write(batch, silentPromise);
    }
  }

  @Override
  public void flush() {
    writeBatch();
    channel.flush();
    arena.shrinkIfIdle();
  }

  /** Any thread. */
  @Override
  public void close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    channel.close();
  }

  /** Any thread; the pause itself happens on the event loop (at once when called there). */
  @Override
  public void pauseReading(long durationNs) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> pauseReading(durationNs));
      return;
    }
    FrameDecoder frames = decoder;
    if (frames != null && frames.pauseReading(durationNs)) {
      counters.readPaused();
    }
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

  @Override
  public void onTurnSpent() {
    counters.readDeferred();
  }

  /** A view of the frame's bytes without copying; reused by Netty where it can be. */
  private static ByteBuffer view(ByteBuf frame, int length) {
    int index = frame.readerIndex();
    return frame.nioBufferCount() == 1
        ? frame.internalNioBuffer(index, length)
        : frame.nioBuffer(index, length);
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
    PeerHandle peer = handle;
    if (ctx.channel().isWritable() && peer != null) {
      peer.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    countFramesIn();
    arena.release();
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
