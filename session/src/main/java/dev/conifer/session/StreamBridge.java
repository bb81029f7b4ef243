package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
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

  /** QUIC application error on a stream that failed here (read error, handler threw). */
  static final int ERROR_STREAM_FAILED = 0x1002;

  /** QUIC application error on a stream refused (no listener, unverified peer, handlers busy). */
  static final int ERROR_STREAM_REFUSED = 0x1003;

  private final Object lock = new Object();
  // Copied to the heap on arrival: a reader that never comes (or a stream dropped without close)
  // then costs garbage, not leaked pooled direct memory.
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private boolean eof;
  // The directions fail apart: a write refused by the peer's STOP_SENDING must not touch what we
  // read (once it did: later data was dropped and the FIN still read as a clean EOF).
  private SessionException readError;
  private SessionException writeError;
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
      if (readError != null || copy.length == 0) {
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
    SessionException e =
        new SessionException(
            SessionException.Reason.PEER_GONE,
            remoteKey,
            "stream to " + keyText() + " failed: " + cause.getMessage(),
            cause);
    synchronized (lock) {
      if (readError == null) {
        readError = e;
      }
      if (writeError == null) {
        writeError = e;
      }
      lock.notifyAll();
    }
    // A reset, not close(): Netty's close sends a FIN, which would end our half of the stream as
    // if complete while our writer may be midway.
    reset((QuicStreamChannel) ctx.channel(), ERROR_STREAM_FAILED);
  }

  /**
   * Ends both directions with an error the peer sees (RESET_STREAM and STOP_SENDING), then releases
   * the channel. Every abnormal end of a stream goes through here: closing a QUIC stream channel
   * sends a clean FIN, which would turn a partial answer into a complete-looking one.
   */
  static void reset(QuicStreamChannel ch, int errorCode) {
    if (!ch.isActive()) {
      return;
    }
    ch.shutdown(errorCode).addListener(f -> ch.close());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    synchronized (lock) {
      if (!eof && readError == null) {
        readError =
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

  /** Our direction failed (a write refused or lost); reading goes on until its own end. */
  void failWrite(SessionException e) {
    synchronized (lock) {
      if (writeError == null) {
        writeError = e;
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
      while (chunks.isEmpty() && !eof && readError == null) {
        await();
      }
      byte[] head = chunks.peek();
      if (head == null) {
        if (readError != null) {
          throw readError;
        }
        return -1;
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
        if (writeError != null) {
          throw writeError;
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

  /** Throws the failure of an earlier write, if one is known by now (writes complete later). */
  void throwIfWriteFailed() throws SessionException {
    synchronized (lock) {
      if (writeError != null) {
        throw writeError;
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
