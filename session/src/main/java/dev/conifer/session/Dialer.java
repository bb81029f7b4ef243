package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound connections and streams: reuses a live connection for (key, ALPN), joins a dial in
 * progress, or dials, with the dial timeout and the certificate check on the way.
 */
final class Dialer {
  private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);
  private final PublicKey self;
  private final SessionConfig config;
  private final QuicEndpoint endpoint;
  private final SyntheticAddresses addresses;
  private final ConnectionIds ids;
  private final Connections connections;
  private final ChannelHandler connectionHandler;
  private final Supplier<ChannelHandler> inboundStreams;
  private final BiFunction<QuicChannel, PublicKey, SessionException> verifier;

  Dialer(
      PublicKey self,
      SessionConfig config,
      QuicEndpoint endpoint,
      SyntheticAddresses addresses,
      ConnectionIds ids,
      Connections connections,
      ChannelHandler connectionHandler,
      Supplier<ChannelHandler> inboundStreams,
      BiFunction<QuicChannel, PublicKey, SessionException> verifier) {
    this.self = self;
    this.config = config;
    this.endpoint = endpoint;
    this.addresses = addresses;
    this.ids = ids;
    this.connections = connections;
    this.connectionHandler = connectionHandler;
    this.inboundStreams = inboundStreams;
    this.verifier = verifier;
  }

  CompletableFuture<QuicChannel> connection(Connections.Peer peer) {
    QuicChannel existing = connections.preferred(peer);
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    CompletableFuture<QuicChannel> fresh = new CompletableFuture<>();
    CompletableFuture<QuicChannel> running = connections.joinOrStart(peer, fresh);
    if (running != null) {
      return running;
    }
    connect(peer, fresh);
    return fresh;
  }

  private void connect(Connections.Peer peer, CompletableFuture<QuicChannel> result) {
    PublicKey key = peer.key();
    LOG.debug("dialling {} for ALPN {}", key, peer.alpn());
    AtomicReference<QuicChannel> attempt = new AtomicReference<>();
    Future<QuicChannel> connecting =
        QuicChannel.newBootstrap(endpoint.clientChannel())
            .attr(Sessions.ALPN, peer.alpn())
            .attr(PeerVerification.DIALLED, key)
            .handler(
                new ChannelInitializer<QuicChannel>() {
                  @Override
                  protected void initChannel(QuicChannel ch) {
                    attempt.set(ch);
                    ch.pipeline().addLast(connectionHandler);
                  }
                })
            .streamHandler(inboundStreams.get())
            .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .localAddress(endpoint.localAddress())
            .remoteAddress(addresses.addressOf(key))
            .localConnectionAddress(ids.newClientId())
            .connect();
    long timeoutMs = config.dialTimeout().toMillis();
    io.netty.util.concurrent.ScheduledFuture<?> timer =
        endpoint
            .group()
            .schedule(
                () -> {
                  if (result.completeExceptionally(
                      new SessionException(
                          SessionException.Reason.TIMEOUT,
                          key,
                          "no QUIC handshake with "
                              + key.toHex()
                              + " within "
                              + timeoutMs
                              + " ms: the key is unknown, unreachable or not listening on"
                              + " ALPN "
                              + peer.alpn()))) {
                    QuicChannel stuck = attempt.get();
                    if (stuck != null) {
                      stuck.close(); // stop retransmitting Initials to nowhere
                    }
                  }
                },
                timeoutMs,
                TimeUnit.MILLISECONDS);
    connecting.addListener(
        f -> {
          timer.cancel(false);
          LOG.debug("dial to {} ended: {}", key, f.isSuccess() ? "connected" : f.cause());
          if (result.isDone()) {
            if (f.isSuccess()) {
              ((QuicChannel) f.getNow()).close(); // Timed out meanwhile.
            }
            return;
          }
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new SessionException(
                    SessionException.Reason.HANDSHAKE_FAILED,
                    key,
                    "QUIC handshake with "
                        + key.toHex()
                        + " failed (does it serve ALPN "
                        + peer.alpn()
                        + "?): "
                        + f.cause(),
                    f.cause()));
            return;
          }
          QuicChannel quic = (QuicChannel) f.getNow();
          SessionException refused = verifier.apply(quic, key);
          if (refused != null) {
            result.completeExceptionally(refused);
            return;
          }
          quic.attr(PeerVerification.VERIFIED).set(key);
          connections.add(peer, quic, self);
          if (!result.complete(quic)) {
            quic.close(); // Timed out meanwhile.
          }
        });
  }

  CompletableFuture<SessionStream> openStream(QuicChannel quic, Connections.Peer peer) {
    CompletableFuture<SessionStream> result = new CompletableFuture<>();
    StreamBridge bridge = new StreamBridge();
    long timeoutMs = config.dialTimeout().toMillis();
    io.netty.util.concurrent.ScheduledFuture<?> timer =
        quic.eventLoop()
            .schedule(
                () ->
                    result.completeExceptionally(
                        new SessionException(
                            SessionException.Reason.PEER_GONE,
                            peer.key(),
                            "no stream to " + peer.key().toHex() + " within " + timeoutMs + " ms")),
                timeoutMs,
                TimeUnit.MILLISECONDS);
    quic.createStream(QuicStreamType.BIDIRECTIONAL, bridge)
        .addListener(
            f -> {
              timer.cancel(false);
              LOG.debug("stream to {}: {}", peer.key(), f.isSuccess() ? "open" : f.cause());
              if (result.isDone()) {
                if (f.isSuccess()) { // opened after the dial timed out: nobody will use it
                  StreamBridge.reset(
                      (QuicStreamChannel) f.getNow(), StreamBridge.ERROR_STREAM_REFUSED);
                }
                return;
              }
              if (f.isSuccess()) {
                QuicStreamChannel ch = (QuicStreamChannel) f.getNow();
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                result.complete(new QuicSessionStream(ch, bridge, peer.key(), peer.alpn()));
              } else {
                result.completeExceptionally(
                    new SessionException(
                        SessionException.Reason.PEER_GONE,
                        peer.key(),
                        "cannot open a stream to " + peer.key().toHex() + ": " + f.cause(),
                        f.cause()));
              }
            });
    return result;
  }
}
