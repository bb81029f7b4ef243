package dev.conifer.node.admin;

import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.ControlToken;
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
 * The admin HTTP server: {@code /status}, {@code /metrics}, {@code /manhole} and the control API
 * (see {@link AdminHttpHandler}). It runs on its own single-threaded event loop, so a slow scrape
 * never delays peer I/O. Binds loopback unless told otherwise; on any other address every request
 * needs the bearer token.
 */
public final class AdminServer implements AutoCloseable {
  /** Requests are small JSON bodies at most; anything larger is refused by the aggregator. */
  static final int REQUEST_LENGTH_MAX = 65536;

  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

  /**
   * What the server serves.
   *
   * @param control the control API's endpoints, or null for none
   * @param token the bearer token, or null (then {@code /control/} is refused)
   * @param tokenEverywhere whether every path needs the token (always so on a non-loopback address)
   */
  public record Services(
      StatusSource status,
      PrometheusMeterRegistry registry,
      ControlRoutes control,
      ControlToken token,
      boolean tokenEverywhere) {
    Services withTokenEverywhere(boolean everywhere) {
      return new Services(status, registry, control, token, everywhere);
    }
  }

  private final EventLoopGroup group;
  private final Channel serverChannel;

  private AdminServer(EventLoopGroup group, Channel serverChannel) {
    this.group = group;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds {@code bind} (port 0 picks a free port) and serves {@code /status} and {@code /metrics}.
   * A port in use or an address that cannot be bound is a {@link UserException}.
   */
  public static AdminServer start(
      InetSocketAddress bind, StatusSource statusSource, PrometheusMeterRegistry registry) {
    return start(bind, new Services(statusSource, registry, null, null, false));
  }

  /**
   * Binds and serves {@code services}. A non-loopback address without a token is a {@link
   * UserException}: the server would be open to anyone who can reach it.
   */
  public static AdminServer start(InetSocketAddress bind, Services services) {
    InetSocketAddress resolved =
        bind.isUnresolved() ? new InetSocketAddress(bind.getHostString(), bind.getPort()) : bind;
    if (resolved.isUnresolved()) {
      throw new UserException("--admin: cannot resolve host '" + bind.getHostString() + "'");
    }
    boolean loopback = resolved.getAddress().isLoopbackAddress();
    if (!loopback && services.token() == null) {
      throw new UserException(
          "--admin "
              + HostPort.format(bind)
              + " is reachable from other hosts, so it needs a token: give --data DIR (token in"
              + " DIR/control.token) or --admin-token FILE");
    }
    Services served = services.withTokenEverywhere(services.tokenEverywhere() || !loopback);
    AdminMeters meters = new AdminMeters(services.registry());
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
                        .addLast(new AdminHttpHandler(served, meters));
                  }
                });
    try {
      Channel channel = bootstrap.bind(resolved).syncUninterruptibly().channel();
      return new AdminServer(group, channel);
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
