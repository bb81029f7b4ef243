package dev.conifer.transport;

import dev.conifer.router.PeerHandle;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.tcp.TcpChannelInitializer;
import dev.conifer.transport.ws.WsClientInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Outbound TCP and WebSocket (ws://, wss://) peerings: the connect with its timeout, the stream
 * pipeline, and the handshake, completing with the attached peer handle. QUIC and Bluetooth dial
 * through {@code OptionalLinks}.
 */
final class StreamDialer {
  private final LinkSetup setup;
  private final TransportConfig config;
  private final TransportCounters counters;
  private final EventLoopGroup group;
  private final Class<? extends Channel> channelClass;
  private final WriteBufferWaterMark waterMark;
  private final ChannelGroup channels;
  private SslContext clientSslContext; // guarded by this

  StreamDialer(
      LinkSetup setup,
      TransportConfig config,
      TransportCounters counters,
      EventLoopGroup group,
      Class<? extends Channel> channelClass,
      WriteBufferWaterMark waterMark,
      ChannelGroup channels) {
    this.setup = setup;
    this.config = config;
    this.counters = counters;
    this.group = group;
    this.channelClass = channelClass;
    this.waterMark = waterMark;
    this.channels = channels;
  }

  /** Dials {@code peer} (tcp://, ws:// or wss://) and runs the handshake. */
  CompletableFuture<Dialed> dial(PeerUri peer, String zone) {
    CompletableFuture<PeerHandle> attached = new CompletableFuture<>();
    counters.dialStarted();
    PeerOrigin origin = new PeerOrigin(zone, peer.toString());
    ChannelHandler handler;
    try {
      handler =
          peer.scheme() == PeerUri.Scheme.TCP
              ? TcpChannelInitializer.outbound(setup, origin, attached)
              : new WsClientInitializer(
                  setup,
                  peer.uri(),
                  peer.port(),
                  peer.scheme() == PeerUri.Scheme.WSS ? sslContext() : null,
                  origin,
                  attached,
                  config.webSocketMessageLengthMax(),
                  handshakeTimeoutMs(config));
    } catch (IllegalStateException e) {
      counters.dialFailed();
      return CompletableFuture.failedFuture(e);
    }
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(channelClass)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int)
                    Math.min(
                        Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(config.dialTimeoutNs())))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .handler(tracked(channels, handler));
    ChannelFuture connect = bootstrap.connect(peer.host(), peer.port());
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            attached.completeExceptionally(
                new ConnectException("cannot connect to " + peer + ": " + f.cause().getMessage()));
          }
        });
    CompletableFuture<Dialed> result = new CompletableFuture<>();
    attached.whenComplete(
        (handle, error) -> {
          if (error != null) {
            counters.dialFailed();
            result.completeExceptionally(error);
          } else {
            result.complete(new Dialed(connect.channel(), handle));
          }
        });
    return result;
  }

  synchronized SslContext sslContext() {
    if (clientSslContext == null) {
      try {
        // The JDK's default trust store, and the certificate must name the host dialed.
        clientSslContext =
            SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
      } catch (SSLException e) {
        throw new IllegalStateException("cannot set up TLS for wss://: " + e.getMessage(), e);
      }
    }
    return clientSslContext;
  }

  /** Adds every channel to {@code channels} (so that closing closes it) before its handler. */
  static ChannelInitializer<Channel> tracked(ChannelGroup channels, ChannelHandler handler) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        channels.add(channel); // removed again automatically when it closes
        channel.pipeline().addLast(handler);
      }
    };
  }

  static long handshakeTimeoutMs(TransportConfig config) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(config.handshakeTimeoutNs()));
  }
}
