package dev.conifer.bench.chain;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;

/**
 * The baseline's near end: length-prefixed messages (4-byte length, then the payload) over one
 * Netty TCP connection to the first byte relay. Echoes arrive on the event loop, which also writes
 * the next message and flushes once per read batch.
 */
final class BaselineEndpoint implements Endpoint {
  private final EventLoopGroup group;
  private final Channel channel;
  private volatile int payloadLength = MessageHeader.LENGTH;

  private BaselineEndpoint(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  static BaselineEndpoint connect(InetSocketAddress firstRelay, ClosedLoopLoad load)
      throws InterruptedException {
    EventLoopGroup group = NettySetup.group(1, "baseline-client");
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(NettySetup.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                        .addLast(new EchoHandler(load));
                  }
                })
            .connect(firstRelay)
            .sync()
            .channel();
    BaselineEndpoint endpoint = new BaselineEndpoint(group, channel);
    load.endpoint(endpoint);
    return endpoint;
  }

  @Override
  public void payloadLength(int length) {
    payloadLength = length;
  }

  @Override
  public boolean send(int epoch, long seq, long sendNs, boolean onReceiveThread) {
    int length = payloadLength;
    ByteBuf buf = channel.alloc().buffer(4 + length);
    buf.writeInt(length)
        .writeInt(MessageHeader.MAGIC)
        .writeInt(epoch)
        .writeLong(seq)
        .writeLong(sendNs)
        .writeZero(length - MessageHeader.LENGTH);
    if (onReceiveThread) {
      channel.write(buf, channel.voidPromise()); // flushed at the end of the read batch
    } else {
      channel.writeAndFlush(buf, channel.voidPromise());
    }
    return true;
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private static final class EchoHandler extends ChannelInboundHandlerAdapter {
    private final ClosedLoopLoad load;

    EchoHandler(ClosedLoopLoad load) {
      this.load = load;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        if (frame.readableBytes() >= MessageHeader.LENGTH) {
          int at = frame.readerIndex();
          load.onEcho(
              frame.getInt(at),
              frame.getInt(at + MessageHeader.OFFSET_EPOCH),
              frame.getLong(at + MessageHeader.OFFSET_SEQ),
              frame.getLong(at + MessageHeader.OFFSET_SEND_NS));
        }
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
