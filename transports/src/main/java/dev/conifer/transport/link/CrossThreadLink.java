package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.spi.Link;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The link a router on another thread writes to (a router thread of its own, or a router hosted on
 * a different event loop than this channel's): installed in the pipeline only then. Frames are
 * copied into pooled direct buffers and wait in a lock-free queue; one task per flush writes them
 * all on the event loop through the {@link PeerLinkHandler}, since a Netty write from another
 * thread would cost a task, and often a wake-up, per frame. Queued bytes count towards writability,
 * so the router's backpressure still holds. Called on the loop, it writes through.
 */
final class CrossThreadLink extends ChannelInboundHandlerAdapter implements Link {
  private final PeerLinkHandler target;
  private final Channel channel;
  private final Queue<ByteBuf> pending = PlatformDependent.newMpscQueue();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile boolean pendingFull;
  private volatile boolean inactive; // set on the loop before the queue is released

  CrossThreadLink(PeerLinkHandler target) {
    this.target = target;
    this.channel = target.channel();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable() && pendingBytes.get() < pendingBytesMax();
  }

  /** Room in the arena on the loop with nothing queued ahead; null otherwise. */
  @Override
  public ByteBuffer claim(int length) {
    return onLoopAndIdle() ? target.claim(length) : null;
  }

  @Override
  public void commit(int length) {
    target.commit(length);
  }

  @Override
  public void write(ByteBuffer frame) {
    if (onLoopAndIdle()) {
      target.write(frame);
      return;
    }
    if (inactive) {
      frame.position(frame.limit());
      return;
    }
    int length = frame.remaining();
    ByteBuf copy = channel.alloc().directBuffer(length);
    copy.writeBytes(frame);
    pending.add(copy);
    if (pendingBytes.addAndGet(length) >= pendingBytesMax()) {
      pendingFull = true;
    }
    if (inactive) {
      releaseLateFrames(); // channelInactive may have emptied the queue before this add
    }
  }

  private boolean onLoopAndIdle() {
    return channel.eventLoop().inEventLoop() && pending.isEmpty();
  }

  @Override
  public void flush() {
    if (channel.eventLoop().inEventLoop()) {
      drain();
    } else if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drainTask);
      } catch (RejectedExecutionException loopGone) {
        drainScheduled.set(false);
        releasePending(); // nothing will ever write them
      }
    }
  }

  @Override
  public void close(String reason) {
    target.close(reason);
  }

  @Override
  public void pauseReading(long durationNs) {
    target.pauseReading(durationNs);
  }

  private int pendingBytesMax() {
    return channel.config().getWriteBufferHighWaterMark();
  }

  /** On the event loop: writes every queued frame, then flushes once. */
  private void drain() {
    drainScheduled.set(false);
    if (inactive) {
      releasePending();
      return;
    }
    long drained = 0;
    ByteBuf frame;
    while ((frame = pending.poll()) != null) {
      drained += frame.readableBytes();
      target.write(frame);
    }
    pendingBytes.addAndGet(-drained);
    target.flush();
    if (pendingFull && isWritable()) {
      pendingFull = false;
      PeerHandle peer = target.handle();
      if (peer != null) {
        peer.onWritable();
      }
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

  private void releasePending() {
    ByteBuf frame;
    while ((frame = pending.poll()) != null) {
      pendingBytes.addAndGet(-frame.readableBytes());
      frame.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    releasePending();
    ctx.fireChannelInactive();
  }
}
