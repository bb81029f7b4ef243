package dev.conifer.transport.bt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The radio end of a {@link BtLinkBridge} pair. A reader thread copies stream bytes into the
 * channel (towards the frame decoder); bytes the peering writes are queued for a writer thread,
 * which flushes whenever the queue runs dry. While more than {@link #QUEUED_LENGTH_HIGH} bytes
 * wait, the net end reports itself unwritable, so the router keeps frames in its own (small,
 * Bluetooth) queues instead of ours. Either thread ending, or the channel closing, closes the
 * stream.
 */
final class BtRadioHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(BtRadioHandler.class);
  static final int QUEUED_LENGTH_HIGH = 64 << 10;
  static final int QUEUED_LENGTH_LOW = 16 << 10;
  private static final int WRITABILITY_BIT = 1;
  private static final int READ_CHUNK_LENGTH = 4096;
  private static final ByteBuf END = Unpooled.EMPTY_BUFFER;

  private final BtStream stream;
  private final CompletableFuture<Channel> net;
  private final LinkedBlockingQueue<ByteBuf> outbound = new LinkedBlockingQueue<>();
  private final AtomicLong queuedLength = new AtomicLong();
  private volatile boolean throttled;
  private volatile boolean closed;

  BtRadioHandler(BtStream stream, CompletableFuture<Channel> net) {
    this.stream = stream;
    this.net = net;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    start("conifer-bt-read", () -> readLoop(channel));
    start("conifer-bt-write", () -> writeLoop(channel));
    ctx.fireChannelActive();
  }

  private static void start(String name, Runnable loop) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void readLoop(Channel channel) {
    InputStream in = stream.input();
    byte[] chunk = new byte[READ_CHUNK_LENGTH];
    try {
      while (!closed) {
        int n = in.read(chunk);
        if (n < 0) {
          break;
        }
        channel.writeAndFlush(Unpooled.copiedBuffer(chunk, 0, n));
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.info("Bluetooth link {} read failed: {}", stream.describe(), e.getMessage());
      }
    }
    channel.close();
  }

  private void writeLoop(Channel channel) {
    OutputStream out = stream.output();
    try {
      while (true) {
        ByteBuf buf = outbound.take();
        if (buf == END) {
          break;
        }
        try {
          int length = buf.readableBytes();
          buf.readBytes(out, length);
          updateWritability(queuedLength.addAndGet(-length));
        } finally {
          buf.release();
        }
        if (outbound.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.info("Bluetooth link {} write failed: {}", stream.describe(), e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
    drainQueue();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf) || closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ByteBuf buf = (ByteBuf) msg;
    updateWritability(queuedLength.addAndGet(buf.readableBytes()));
    outbound.add(buf);
  }

  private void updateWritability(long queued) {
    if (!throttled && queued > QUEUED_LENGTH_HIGH) {
      throttled = true;
      setNetWritable(false);
    } else if (throttled && queued < QUEUED_LENGTH_LOW) {
      throttled = false;
      setNetWritable(true);
    }
  }

  private void setNetWritable(boolean writable) {
    Channel channel = net.getNow(null);
    if (channel == null) {
      return;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
              if (buffer != null) {
                buffer.setUserDefinedWritability(WRITABILITY_BIT, writable);
              }
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    BtLinkBridge.closeQuietly(stream); // unblocks both threads
    drainQueue(); // nothing more will be written
    outbound.add(END);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void drainQueue() {
    ByteBuf buf;
    while ((buf = outbound.poll()) != null) {
      buf.release();
    }
  }
}
