package dev.conifer.transport;

import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.SocketAddresses;
import dev.conifer.transport.tcp.TcpChannelInitializer;
import dev.conifer.transport.ws.WsServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound TCP and WebSocket (ws://) peerings: the server bootstrap and each accepted connection's
 * stream pipeline and handshake. The counterpart of {@code StreamDialer}; QUIC and Bluetooth listen
 * through {@code OptionalLinks}.
 */
final class StreamListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamListener.class);

  private final LinkSetup setup;
  private final TransportConfig config;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final WriteBufferWaterMark waterMark;
  private final ChannelGroup channels;

  StreamListener(
      LinkSetup setup,
      TransportConfig config,
      EventLoopGroup group,
      Class<? extends ServerChannel> serverChannelClass,
      WriteBufferWaterMark waterMark,
      ChannelGroup channels) {
    this.setup = setup;
    this.config = config;
    this.group = group;
    this.serverChannelClass = serverChannelClass;
    this.waterMark = waterMark;
    this.channels = channels;
  }

  /** Binds a tcp:// or ws:// listener; the future gives the bound address. */
  CompletableFuture<InetSocketAddress> listen(PeerUri peer) {
    CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
    ChannelHandler child;
    switch (peer.scheme()) {
      case TCP:
        child = TcpChannelInitializer.inbound(setup);
        break;
      case WS:
        child =
            new WsServerInitializer(
                setup, config.webSocketMessageLengthMax(), StreamDialer.handshakeTimeoutMs(config));
        break;
      default:
        result.completeExceptionally(
            new IllegalArgumentException(
                "cannot listen on "
                    + peer
                    + ": wss:// listeners are not supported (terminate TLS in a proxy and listen on"
                    + " ws://)"));
        return result;
    }
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(serverChannelClass)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .childHandler(StreamDialer.tracked(channels, child));
    bootstrap
        .bind(peer.host(), peer.port())
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                channels.add(f.channel());
                InetSocketAddress bound = (InetSocketAddress) f.channel().localAddress();
                LOG.info(
                    "listening on {}://{}", peer.scheme().text(), SocketAddresses.format(bound));
                result.complete(bound);
              } else {
                result.completeExceptionally(
                    new IOException(
                        "cannot listen on " + peer + ": " + f.cause().getMessage(), f.cause()));
              }
            });
    return result;
  }
}
