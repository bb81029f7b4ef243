package dev.conifer.node;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP server: {@code GET /status} (JSON, see {@link StatusJson}) and {@code GET
 * /metrics} (Prometheus text). It runs on its own single-threaded event loop, so a slow scrape
 * never delays peer I/O. Binds loopback unless told otherwise: it has no authentication.
 */
public final class AdminServer implements AutoCloseable {
  /** Requests carry no bodies; anything larger is refused by the aggregator. */
  static final int REQUEST_LENGTH_MAX = 8192;

  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

  private final EventLoopGroup group;
  private final Channel serverChannel;

  private AdminServer(EventLoopGroup group, Channel serverChannel) {
    this.group = group;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds {@code bind} (port 0 picks a free port) and starts serving. A port in use or an address
   * that cannot be bound is a {@link UserException}.
   */
  public static AdminServer start(
      InetSocketAddress bind, StatusSource statusSource, PrometheusMeterRegistry registry) {
    AdminHttpHandler.Meters meters = new AdminHttpHandler.Meters(registry);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("conifer-admin", true), NioIoHandler.newFactory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(REQUEST_LENGTH_MAX))
                        .addLast(new AdminHttpHandler(statusSource, registry, meters));
                  }
                });
    InetSocketAddress resolved =
        bind.isUnresolved() ? new InetSocketAddress(bind.getHostString(), bind.getPort()) : bind;
    try {
      if (resolved.isUnresolved()) {
        throw new UserException("--admin: cannot resolve host '" + bind.getHostString() + "'");
      }
      Channel channel = bootstrap.bind(resolved).syncUninterruptibly().channel();
      return new AdminServer(group, channel);
    } catch (UserException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    } catch (Exception e) { // sync() rethrows BindException and friends unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new UserException(
          "--admin: cannot bind "
              + HostPort.format(bind)
              + " ("
              + e.getMessage()
              + "); choose another address, e.g. --admin 127.0.0.1:0",
          e);
    }
  }

  /** The bound address (the real port when started with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
