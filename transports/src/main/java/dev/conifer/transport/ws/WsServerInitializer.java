package dev.conifer.transport.ws;

import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.SocketAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The WebSocket listener (PROTOCOL.md §11): upgrades on any path, as Go does, with no subprotocol
 * and no compression. Peers are Remote with zone "websocket".
 */
public final class WsServerInitializer extends ChannelInitializer<Channel> {
  /** An upgrade request has no body; this bounds its headers and any body a client still sends. */
  static final int UPGRADE_REQUEST_LENGTH_MAX = 8192;

  private final LinkSetup setup;
  private final WebSocketServerProtocolConfig config;

  /**
   * @param messageLengthMax the largest WebSocket message accepted
   * @param upgradeTimeoutMs bound on the HTTP upgrade (the peering handshake has its own deadline)
   */
  public WsServerInitializer(LinkSetup setup, int messageLengthMax, long upgradeTimeoutMs) {
    this.setup = setup;
    this.config =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/")
            .checkStartsWith(true) // with "/", every path matches
            .subprotocols(null)
            .allowExtensions(false)
            .maxFramePayloadLength(messageLengthMax)
            .handshakeTimeoutMillis(upgradeTimeoutMs)
            .handleCloseFrames(true)
            .build();
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("http", new HttpServerCodec());
    pipeline.addLast("http-aggregator", new HttpObjectAggregator(UPGRADE_REQUEST_LENGTH_MAX));
    pipeline.addLast("websocket", new WebSocketServerProtocolHandler(config));
    pipeline.addLast("websocket-stream", new WsBinaryStreamCodec());
    PeerOrigin origin =
        new PeerOrigin(
            PeerOrigin.ZONE_INBOUND_WEBSOCKET,
            "ws://" + SocketAddresses.format(channel.remoteAddress()));
    setup.install(pipeline, origin, false, null);
  }
}
