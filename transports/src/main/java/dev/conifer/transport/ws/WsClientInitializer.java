package dev.conifer.transport.ws;

import dev.conifer.router.PeerHandle;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One outbound WebSocket dial ({@code ws://} or, with an {@link SslContext}, {@code wss://}). Like
 * Go's client it sends no Origin header, no subprotocol and asks for no compression.
 */
public final class WsClientInitializer extends ChannelInitializer<Channel> {
  private final LinkSetup setup;
  private final SslContext sslContext;
  private final String host;
  private final int port;
  private final PeerOrigin origin;
  private final CompletableFuture<PeerHandle> result;
  private final WebSocketClientProtocolConfig config;

  /**
   * @param sslContext null for {@code ws://}
   * @param upgradeTimeoutMs bound on the HTTP upgrade (the peering handshake has its own deadline)
   */
  public WsClientInitializer(
      LinkSetup setup,
      URI uri,
      int port,
      SslContext sslContext,
      PeerOrigin origin,
      CompletableFuture<PeerHandle> result,
      int messageLengthMax,
      long upgradeTimeoutMs) {
    this.setup = setup;
    this.sslContext = sslContext;
    this.host = uri.getHost();
    this.port = port;
    this.origin = origin;
    this.result = result;
    this.config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .subprotocol(null)
            .allowExtensions(false)
            .generateOriginHeader(false)
            .maxFramePayloadLength(messageLengthMax)
            .handshakeTimeoutMillis(upgradeTimeoutMs)
            .handleCloseFrames(true)
            .build();
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (sslContext != null) {
      pipeline.addLast("tls", sslContext.newHandler(channel.alloc(), host, port));
    }
    pipeline.addLast("http", new HttpClientCodec());
    pipeline.addLast(
        "http-aggregator",
        new HttpObjectAggregator(WsServerInitializer.UPGRADE_REQUEST_LENGTH_MAX));
    pipeline.addLast("websocket", new WebSocketClientProtocolHandler(config));
    pipeline.addLast("websocket-stream", new WsBinaryStreamCodec());
    setup.install(pipeline, origin, false, result);
  }
}
