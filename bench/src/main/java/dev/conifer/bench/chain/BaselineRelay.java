package dev.conifer.bench.chain;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline hop: a minimal Netty TCP byte relay with no routing, the practical limit of the
 * machine. {@code --next HOST:PORT} relays: each accepted connection gets its own connection to the
 * next hop, and bytes are copied both ways as they come (one flush per read batch). {@code --echo}
 * writes every byte back. One I/O thread, like a Conifer node's transports. Loopback only.
 *
 * <p>Prints {@code listening tcp://127.0.0.1:PORT} on stdout, then runs until killed.
 */
public final class BaselineRelay {
  private BaselineRelay() {}

  public static void main(String[] args) throws Exception {
    String next = null;
    boolean echo = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--next") && i + 1 < args.length) {
        next = args[++i];
      } else if (args[i].equals("--echo")) {
        echo = true;
      } else {
        System.err.println("usage: BaselineRelay (--next HOST:PORT | --echo)");
        System.exit(2);
      }
    }
    if ((next == null) == !echo) {
      System.err.println("usage: BaselineRelay (--next HOST:PORT | --echo)");
      System.exit(2);
    }
    InetSocketAddress nextHop = next == null ? null : parse(next);
    EventLoopGroup group = NettySetup.group(1, "baseline-io");
    boolean echoMode = echo;
    ServerBootstrap server =
        new ServerBootstrap()
            .group(group)
            .channel(NettySetup.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (echoMode) {
                      ch.pipeline().addLast(new Pipe());
                    } else {
                      ch.config().setAutoRead(false); // until the next hop is connected
                      connectNext(ch, nextHop);
                    }
                  }
                });
    Channel bound = server.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    int port = ((InetSocketAddress) bound.localAddress()).getPort();
    System.out.println("listening tcp://127.0.0.1:" + port);
    System.out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
    forever.await();
  }

  private static void connectNext(SocketChannel inbound, InetSocketAddress nextHop) {
    ChannelFuture connected =
        new Bootstrap()
            .group(inbound.eventLoop()) // one thread for both directions
            .channel(NettySetup.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new Pipe(inbound))
            .connect(nextHop);
    connected.addListener(
        f -> {
          if (f.isSuccess()) {
            inbound.pipeline().addLast(new Pipe(connected.channel()));
            inbound.config().setAutoRead(true);
          } else {
            inbound.close();
          }
        });
  }

  private static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** Writes whatever it reads to {@code peer} (or back to its own channel), flushing per batch. */
  private static final class Pipe extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Pipe() {
      this.peer = null;
    }

    Pipe(Channel peer) {
      this.peer = peer;
    }

    private Channel target(ChannelHandlerContext ctx) {
      return peer == null ? ctx.channel() : peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      target(ctx).write(msg, target(ctx).voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      target(ctx).flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (peer != null) {
        peer.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
