package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The stream pipeline's last handler: it turns the channel's reads into a bounded buffer that
 * blocking readers drain, and wakes blocked writers when the channel becomes writable. Reading
 * pauses (auto-read off) above {@link #HIGH_WATER} buffered bytes, so a slow reader backs pressure
 * up into QUIC flow control.
 */
final class StreamBridge extends ChannelInboundHandlerAdapter {
  static final int HIGH_WATER = 1 << 20;
  static final int LOW_WATER = 256 << 10;

  private final Object lock = new Object();
  // Copied to the heap on arrival: a reader that never comes (or a stream dropped without close)
  // then costs garbage, not leaked pooled direct memory.
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private boolean eof;
  private SessionException error;
  private volatile Channel channel;
  private PublicKey remoteKey;

  void bind(PublicKey remoteKey) {
    synchronized (lock) {
      this.remoteKey = remoteKey;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    byte[] copy;
    try {
      copy = new byte[buf.readableBytes()];
      buf.readBytes(copy);
    } finally {
      buf.release();
    }
    synchronized (lock) {
      if (error != null || copy.length == 0) {
        return;
      }
      chunks.add(copy);
      buffered += copy.length;
      if (buffered > HIGH_WATER) {
        ctx.channel().config().setAutoRead(false);
      }
      lock.notifyAll();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      synchronized (lock) {
        eof = true;
        lock.notifyAll();
      }
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(
        new SessionException(
            SessionException.Reason.PEER_GONE,
            remoteKey,
            "stream to " + keyText() + " failed: " + cause.getMessage(),
            cause));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    synchronized (lock) {
      if (!eof && error == null) {
        error =
            new SessionException(
                SessionException.Reason.PEER_GONE,
                remoteKey,
                "stream to "
                    + keyText()
                    + " closed before the peer finished it (peer gone, reset or connection"
                    + " closed)");
      }
      lock.notifyAll();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  void fail(SessionException e) {
    synchronized (lock) {
      if (error == null) {
        error = e;
      }
      lock.notifyAll();
    }
  }

  /** Blocking read; -1 at EOF. */
  int read(byte[] b, int off, int len) throws java.io.IOException {
    if (len == 0) {
      return 0;
    }
    synchronized (lock) {
      while (chunks.isEmpty() && !eof && error == null) {
        await();
      }
      byte[] head = chunks.peek();
      if (head == null) {
        if (eof) {
          return -1;
        }
        throw error;
      }
      int n = Math.min(len, head.length - headOffset);
      System.arraycopy(head, headOffset, b, off, n);
      headOffset += n;
      if (headOffset == head.length) {
        chunks.poll();
        headOffset = 0;
      }
      buffered -= n;
      Channel ch = channel;
      if (buffered < LOW_WATER && ch != null && !ch.config().isAutoRead()) {
        ch.config().setAutoRead(true);
      }
      return n;
    }
  }

  /** Blocks until the channel is writable; throws if the stream failed or closed. */
  void awaitWritable() throws java.io.IOException {
    synchronized (lock) {
      while (true) {
        if (error != null) {
          throw error;
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
          throw new SessionException(
              SessionException.Reason.PEER_GONE, remoteKey, "stream to " + keyText() + " closed");
        }
        if (ch.isWritable()) {
          return;
        }
        await();
      }
    }
  }

  /** Releases what is buffered; later reads see EOF or the error. */
  void discard() {
    synchronized (lock) {
      chunks.clear();
      headOffset = 0;
      buffered = 0;
      lock.notifyAll();
    }
  }

  private void await() throws InterruptedIOException {
    try {
      // Bounded wait: writability can also change without an event reaching us (channel close).
      lock.wait(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting on stream to " + keyText());
    }
  }

  private String keyText() {
    return remoteKey == null ? "?" : remoteKey.toHex();
  }
}
