package dev.conifer.transport;

import dev.conifer.router.spi.RouterExecutor;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops links run on (epoll when available, else NIO), created before the router so
 * that the router can run on one of them: {@code Router.start(..., loops.routerExecutor())}. With
 * one I/O thread (the default) every link shares the router's thread, and a frame is read, routed
 * and written without a thread hand-off.
 */
public final class TransportLoops implements AutoCloseable {
  private static final long CLOSE_WAIT_MS = 5_000;

  private final EventLoopGroup group;
  private final boolean epoll;
  private final EventLoop routerLoop;

  private TransportLoops(EventLoopGroup group, boolean epoll) {
    this.group = group;
    this.epoll = epoll;
    this.routerLoop = group.next();
  }

  public static TransportLoops create(TransportConfig config) {
    boolean epoll = config.nativeTransport() && Epoll.isAvailable();
    IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new TransportLoops(
        new MultiThreadIoEventLoopGroup(
            config.ioThreadCount(), new DefaultThreadFactory("conifer-io", true), ioHandler),
        epoll);
  }

  /** An executor on one of the loops, for {@code Router.start}. */
  public RouterExecutor routerExecutor() {
    return new RouterExecutor() {
      @Override
      public boolean inExecutorThread() {
        return routerLoop.inEventLoop();
      }

      @Override
      public void execute(Runnable task) {
        routerLoop.execute(task);
      }

      @Override
      public void schedule(Runnable task, long delayNs) {
        routerLoop.schedule(task, delayNs, TimeUnit.NANOSECONDS);
      }
    };
  }

  EventLoopGroup group() {
    return group;
  }

  /** "epoll" or "nio". */
  String ioTransport() {
    return epoll ? "epoll" : "nio";
  }

  Class<? extends ServerChannel> serverChannelClass() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  Class<? extends Channel> channelClass() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  Class<? extends DatagramChannel> datagramClass() {
    return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  boolean inAnyLoop() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  /** Stops the loops; waits up to 5 s for them unless called on one. Idempotent. */
  @Override
  public void close() {
    if (inAnyLoop()) {
      group.shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    } else {
      group
          .shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(CLOSE_WAIT_MS);
    }
  }
}
