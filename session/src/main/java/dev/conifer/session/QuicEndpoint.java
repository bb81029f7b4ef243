package dev.conifer.session;

import dev.conifer.router.Router;
import dev.conifer.snek.wire.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Netty side of sessions: one event loop, and two {@link OverlayDatagramChannel}s at this
 * node's synthetic address, one with the QUIC server codec and one with the client codec. Overlay
 * datagrams are split between them by destination connection ID ({@link ConnectionIds}).
 */
final class QuicEndpoint implements AutoCloseable {
  /** Go's read buffer and advertised max_udp_payload_size (PROTOCOL.md §12). */
  static final int GO_RECEIVE_BUFFER = 1452;

  private final Router router;
  private final SyntheticAddresses addresses;
  private final ConnectionIds ids;
  private final EventLoopGroup group;
  private final OverlayDatagramChannel server;
  private final OverlayDatagramChannel client;
  private final InetSocketAddress localAddress;

  QuicEndpoint(
      Router router,
      SessionConfig config,
      SyntheticAddresses addresses,
      ConnectionIds ids,
      Function<QuicChannel, QuicSslEngine> serverEngines,
      Function<QuicChannel, QuicSslEngine> clientEngines,
      ChannelHandler serverConnectionHandler,
      ChannelHandler streamInitializer) {
    this.router = router;
    this.addresses = addresses;
    this.ids = ids;
    this.localAddress = addresses.addressOf(router.publicKey());
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("conifer-quic", true), NioIoHandler.newFactory());
    OverlayDatagramChannel.Sink sink = this::send;
    this.server = new OverlayDatagramChannel(localAddress, sink, config.inboundQueueMax());
    this.client = new OverlayDatagramChannel(localAddress, sink, config.inboundQueueMax());
    ChannelHandler serverCodec =
        tune(new QuicServerCodecBuilder(), config)
            .sslEngineProvider(serverEngines)
            .connectionIdAddressGenerator(ids.serverGenerator())
            .tokenHandler(NoRetry.INSTANCE)
            .handler(serverConnectionHandler)
            .streamHandler(streamInitializer)
            .streamOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true)
            .build();
    ChannelHandler clientCodec =
        tune(new QuicClientCodecBuilder(), config).sslEngineProvider(clientEngines).build();
    server.pipeline().addLast(serverCodec);
    client.pipeline().addLast(clientCodec);
    try {
      group.register(server).sync();
      group.register(client).sync();
      server.bind(localAddress).sync();
      client.bind(localAddress).sync();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("interrupted starting sessions", e);
    }
  }

  static <B extends QuicCodecBuilder<B>> B tune(B builder, SessionConfig config) {
    int datagram = config.maxDatagramSize();
    return builder
        .maxIdleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        // quiche sends min(this, the peer's advertised max_udp_payload_size). Go advertises
        // what it reads (1452) and so do we by default; large datagrams flow only when both
        // ends raised maxDatagramSize.
        .maxSendUdpPayloadSize(datagram)
        .maxRecvUdpPayloadSize(Math.max(GO_RECEIVE_BUFFER, datagram))
        .initialMaxData(config.connectionWindow())
        .initialMaxStreamDataBidirectionalLocal(config.streamWindow())
        .initialMaxStreamDataBidirectionalRemote(config.streamWindow())
        .initialMaxStreamsBidirectional(config.maxStreamsPerConnection())
        .initialMaxStreamsUnidirectional(0)
        .localConnectionIdLength(ConnectionIds.LENGTH)
        .discoverPmtu(false)
        .activeMigration(false);
  }

  /** Called on the router thread for every overlay payload addressed to this node. */
  void onOverlayDatagram(PublicKey source, ByteBuffer payload) {
    ByteBuf copy = PooledByteBufAllocator.DEFAULT.directBuffer(payload.remaining());
    copy.writeBytes(payload.duplicate());
    InetSocketAddress sender = addresses.addressOf(source);
    (ids.isForClient(copy) ? client : server).offer(copy, sender);
  }

  private boolean send(InetSocketAddress recipient, ByteBuf content) {
    PublicKey key = addresses.keyOf(recipient);
    if (key == null) {
      return false; // Only keys we dialled or heard from have addresses.
    }
    return router.send(key, content.nioBuffer());
  }

  OverlayDatagramChannel clientChannel() {
    return client;
  }

  InetSocketAddress localAddress() {
    return localAddress;
  }

  EventLoopGroup group() {
    return group;
  }

  long inboundDrops() {
    return (long) server.inboundDrops() + client.inboundDrops();
  }

  int largestDatagramReceived() {
    return Math.max(server.largestReceived(), client.largestReceived());
  }

  long sendFailures() {
    return (long) server.sendFailures() + client.sendFailures();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    client.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * No Retry: it guards UDP against spoofed-source amplification, but overlay replies follow the
   * frame's source key, so it would only cost a round trip.
   */
  private static final class NoRetry implements QuicTokenHandler {
    static final NoRetry INSTANCE = new NoRetry();

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
      return false;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
      return 0;
    }

    @Override
    public int maxTokenLength() {
      return 0;
    }
  }
}
