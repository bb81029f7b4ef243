package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link SessionStream} over one QUIC stream channel and its {@link StreamBridge}. */
final class QuicSessionStream implements SessionStream {
  private static final int WRITE_CHUNK_MAX = 64 << 10;

  private final QuicStreamChannel channel;
  private final StreamBridge bridge;
  private final PublicKey remoteKey;
  private final String alpn;
  private final AtomicBoolean outputClosed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final InputStream in = new In();
  private final OutputStream out = new Out();
  private volatile boolean detached;

  QuicSessionStream(
      QuicStreamChannel channel, StreamBridge bridge, PublicKey remoteKey, String alpn) {
    this.channel = channel;
    this.bridge = bridge;
    this.remoteKey = remoteKey;
    this.alpn = alpn;
    bridge.bind(remoteKey);
  }

  @Override
  public PublicKey remoteKey() {
    return remoteKey;
  }

  @Override
  public String alpn() {
    return alpn;
  }

  @Override
  public InputStream inputStream() {
    return in;
  }

  @Override
  public OutputStream outputStream() {
    return out;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public SessionStream detach() {
    detached = true;
    return this;
  }

  @Override
  public boolean awaitConnectionClosed(Duration timeout) throws InterruptedException {
    return channel.parent().closeFuture().await(timeout.toMillis());
  }

  @Override
  public void closeConnection(Duration timeout) throws InterruptedException {
    channel.parent().close().await(timeout.toMillis());
  }

  boolean detached() {
    return detached;
  }

  /**
   * Finishes our side: a FIN queued behind everything written so far. Idempotent. (Netty's {@code
   * shutdownOutput()} resets the stream instead, dropping data still queued.)
   */
  void finishOutput() {
    if (outputClosed.compareAndSet(false, true) && channel.isActive()) {
      channel.writeAndFlush(QuicStreamFrame.EMPTY_FIN);
    }
  }

  /**
   * Finishes our side gracefully, stops reading, and lets QUIC close the stream once the peer has
   * everything: closing the channel outright could reset data still in flight.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    finishOutput();
    bridge.discard();
    if (channel.isActive()) {
      channel
          .shutdownInput()
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      StreamBridge.reset(channel, StreamBridge.ERROR_STREAM_FAILED);
                    }
                  });
    }
  }

  /** Ends both directions with an error the peer sees (see {@link StreamBridge#reset}). */
  void abort() {
    closed.set(true);
    outputClosed.set(true);
    bridge.discard();
    StreamBridge.reset(channel, StreamBridge.ERROR_STREAM_FAILED);
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      return bridge.read(b, off, len);
    }

    @Override
    public void close() {
      if (channel.isActive()) {
        channel.shutdownInput();
      }
      bridge.discard();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (outputClosed.get()) {
        throw new IOException("output of the stream to " + remoteKey.toHex() + " is closed");
      }
      while (len > 0) {
        bridge.awaitWritable();
        int n = Math.min(len, WRITE_CHUNK_MAX);
        ByteBuf buf = channel.alloc().buffer(n);
        buf.writeBytes(b, off, n);
        channel
            .writeAndFlush(buf)
            .addListener(
                (ChannelFutureListener)
                    f -> {
                      if (!f.isSuccess()) {
                        bridge.failWrite(
                            new SessionException(
                                SessionException.Reason.PEER_GONE,
                                remoteKey,
                                "write to " + remoteKey.toHex() + " failed: " + f.cause(),
                                f.cause()));
                      }
                    });
        off += n;
        len -= n;
      }
    }

    /**
     * Our FIN. Throws if a write has already failed, so a refused tail is never reported as a clean
     * finish; writes still in flight can fail later, which the peer's protocol reveals.
     */
    @Override
    public void close() throws IOException {
      if (!outputClosed.get()) {
        bridge.throwIfWriteFailed();
      }
      finishOutput();
    }
  }
}
