package dev.conifer.transport;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.multicast.MulticastDiscovery;
import dev.conifer.transport.tcp.TcpChannelInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** TCP listening and dialing for discovery: MULTICAST origins, dials from an interface. */
final class MulticastTcpHost implements MulticastDiscovery.Host {
  private final Signer signer;
  private final LinkSetup setup;
  private final TransportConfig config;
  private final TransportCounters counters;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends Channel> channelClass;
  private final WriteBufferWaterMark waterMark;
  private final ChannelGroup channels;
  private final Function<ChannelHandler, ChannelHandler> tracked;

  MulticastTcpHost(
      Signer signer,
      LinkSetup setup,
      TransportConfig config,
      TransportCounters counters,
      EventLoopGroup group,
      Class<? extends ServerChannel> serverChannelClass,
      Class<? extends Channel> channelClass,
      WriteBufferWaterMark waterMark,
      ChannelGroup channels,
      Function<ChannelHandler, ChannelHandler> tracked) {
    this.signer = signer;
    this.setup = setup;
    this.config = config;
    this.counters = counters;
    this.group = group;
    this.serverChannelClass = serverChannelClass;
    this.channelClass = channelClass;
    this.waterMark = waterMark;
    this.channels = channels;
    this.tracked = tracked;
  }

  @Override
  public PublicKey localKey() {
    return signer.publicKey();
  }

  @Override
  public CompletableFuture<InetSocketAddress> listenTcp(
      InetSocketAddress bind, Function<Channel, PeerOrigin> origins) {
    CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
    new ServerBootstrap()
        .group(group)
        .channel(serverChannelClass)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .childHandler(tracked.apply(TcpChannelInitializer.inbound(setup, origins)))
        .bind(bind)
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                channels.add(f.channel());
                result.complete((InetSocketAddress) f.channel().localAddress());
              } else {
                result.completeExceptionally(f.cause());
              }
            });
    return result;
  }

  @Override
  public CompletableFuture<Channel> dialTcp(
      InetSocketAddress remote, InetSocketAddress local, PeerOrigin origin) {
    counters.dialStarted();
    CompletableFuture<PeerHandle> attached = new CompletableFuture<>();
    ChannelFuture connect =
        new Bootstrap()
            .group(group)
            .channel(channelClass)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) TimeUnit.NANOSECONDS.toMillis(config.dialTimeoutNs()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .handler(tracked.apply(TcpChannelInitializer.outbound(setup, origin, attached)))
            .connect(remote, local);
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            attached.completeExceptionally(
                new ConnectException("cannot connect to " + origin.uri() + ": " + f.cause()));
          }
        });
    return attached.handle(
        (handle, error) -> {
          if (error != null) {
            counters.dialFailed();
            throw new java.util.concurrent.CompletionException(error);
          }
          return connect.channel();
        });
  }
}
