package dev.conifer.transport.quic;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.SocketAddresses;
import dev.conifer.transport.tls.Ed25519Certificates;
import dev.conifer.transport.tls.Ed25519Tls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * QUIC peering (issue 5): one peering is one QUIC connection carrying one bidirectional stream, and
 * that stream carries exactly what TCP carries (the 104-byte handshake, then frames), through the
 * same {@link LinkSetup} pipeline. TLS ({@link Ed25519Tls}, ALPN {@value #ALPN}) authenticates both
 * ends with their Ed25519 node keys; the Pinecone handshake key must equal the TLS certificate key,
 * or the peering is refused. Closing the stream closes the connection and vice versa.
 */
public final class QuicPeering {
  public static final String ALPN = "conifer-peer/1";

  private final LinkSetup setup;
  private final QuicConfig config;
  private final EventLoopGroup group;
  private final Class<? extends DatagramChannel> datagramClass;
  private final WriteBufferWaterMark waterMark;
  private final Consumer<Channel> tracker;
  private final QuicSslContext serverTls;
  private final QuicSslContext clientTls;

  /**
   * Null when QUIC can run here; a reason when this platform has no native library. Throws if the
   * library is shipped for this platform but failed to load: that is a bug, not a missing feature.
   */
  public static String unavailableReason() {
    if (Quic.isAvailable()) {
      return null;
    }
    String missing = QuicNative.missingOnThisPlatform();
    if (missing == null) {
      QuicNative.ensureLoaded();
    }
    return missing;
  }

  /**
   * @param now dates the node certificate (Go's validity: a year from now)
   * @param tracker sees every channel this creates (UDP sockets, connections, streams), so the
   *     owner can close them all on shutdown
   */
  public QuicPeering(
      LinkSetup setup,
      Signer signer,
      Instant now,
      QuicConfig config,
      EventLoopGroup group,
      Class<? extends DatagramChannel> datagramClass,
      WriteBufferWaterMark waterMark,
      Consumer<Channel> tracker) {
    Quic.ensureAvailability();
    this.setup = setup;
    this.config = config;
    this.group = group;
    this.datagramClass = datagramClass;
    this.waterMark = waterMark;
    this.tracker = tracker;
    Ed25519Tls tls = new Ed25519Tls(signer, Ed25519Certificates.selfSigned(signer, now));
    this.serverTls = tls.server(List.of(ALPN));
    this.clientTls = tls.client(ALPN);
  }

  private <B extends QuicCodecBuilder<B>> B limits(B builder) {
    return builder
        .maxIdleTimeout(config.idleTimeoutMs(), TimeUnit.MILLISECONDS)
        .initialMaxData(config.connectionWindowLength())
        .initialMaxStreamDataBidirectionalLocal(config.streamWindowLength())
        .initialMaxStreamDataBidirectionalRemote(config.streamWindowLength())
        .initialMaxStreamsUnidirectional(0);
  }

  /** Binds a UDP socket and accepts peerings on it; completes with the bound address. */
  public CompletableFuture<InetSocketAddress> listen(String host, int port) {
    CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
    ChannelHandler codec =
        limits(new QuicServerCodecBuilder())
            .sslContext(serverTls)
            // A peer opens exactly one stream: its peering. More are refused by flow control.
            .initialMaxStreamsBidirectional(1)
            .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
            .handler(connectionTracker())
            .streamOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .streamHandler(
                new ChannelInitializer<QuicStreamChannel>() {
                  @Override
                  protected void initChannel(QuicStreamChannel stream) {
                    InetSocketAddress remote =
                        (InetSocketAddress) stream.parent().remoteSocketAddress();
                    PeerOrigin origin =
                        origin(
                            PeerOrigin.ZONE_INBOUND_TCP,
                            "quic://" + SocketAddresses.format(remote),
                            stream);
                    installStream(stream, origin, null);
                  }
                })
            .build();
    new Bootstrap()
        .group(group)
        .channel(datagramClass)
        .handler(codec)
        .bind(host, port)
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                tracker.accept(f.channel());
                result.complete((InetSocketAddress) f.channel().localAddress());
              } else {
                result.completeExceptionally(
                    new IOException(
                        "cannot listen on quic://"
                            + host
                            + ":"
                            + port
                            + ": "
                            + f.cause().getMessage(),
                        f.cause()));
              }
            });
    return result;
  }

  /** An outbound peering: its stream (closed when the peering ends) and its router handle. */
  public record Dialed(Channel stream, PeerHandle handle) {}

  /** Dials {@code remote}, opens the peering stream; completes once the router attached it. */
  public CompletableFuture<Dialed> dial(
      InetSocketAddress remote, String zone, String uri, long timeoutMs) {
    CompletableFuture<PeerHandle> attached = new CompletableFuture<>();
    CompletableFuture<Channel> streamRef = new CompletableFuture<>();
    ChannelHandler codec =
        limits(new QuicClientCodecBuilder())
            .sslContext(clientTls)
            .initialMaxStreamsBidirectional(0)
            .build();
    // A loopback peer is dialed from loopback (tests never touch other interfaces).
    InetAddress local =
        remote.getAddress().isLoopbackAddress()
            ? remote.getAddress()
            : new InetSocketAddress(0).getAddress();
    new Bootstrap()
        .group(group)
        .channel(datagramClass)
        .handler(codec)
        .bind(local, 0)
        .addListener(
            (ChannelFuture bound) -> {
              if (!bound.isSuccess()) {
                attached.completeExceptionally(
                    new ConnectException(
                        "cannot connect to " + uri + ": " + bound.cause().getMessage()));
                return;
              }
              Channel udp = bound.channel();
              tracker.accept(udp);
              connect(udp, remote, zone, uri, timeoutMs, attached, streamRef);
            });
    return attached.thenCombine(streamRef, (handle, stream) -> new Dialed(stream, handle));
  }

  private void connect(
      Channel udp,
      InetSocketAddress remote,
      String zone,
      String uri,
      long timeoutMs,
      CompletableFuture<PeerHandle> attached,
      CompletableFuture<Channel> streamRef) {
    attached.whenComplete(
        (handle, error) -> {
          if (error != null) {
            udp.close();
            streamRef.completeExceptionally(error);
          }
        });
    QuicChannel.newBootstrap(udp)
        .handler(connectionTracker())
        .remoteAddress(remote)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .connect()
        .addListener(
            (io.netty.util.concurrent.Future<QuicChannel> f) -> {
              if (!f.isSuccess()) {
                attached.completeExceptionally(
                    new ConnectException(
                        "cannot connect to " + uri + ": " + f.cause().getMessage()));
                return;
              }
              QuicChannel quic = f.getNow();
              quic.closeFuture().addListener(closed -> udp.close());
              quic.newStreamBootstrap()
                  .type(QuicStreamType.BIDIRECTIONAL)
                  .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                  .handler(
                      new ChannelInitializer<QuicStreamChannel>() {
                        @Override
                        protected void initChannel(QuicStreamChannel stream) {
                          streamRef.complete(stream);
                          installStream(stream, origin(zone, uri, stream), attached);
                        }
                      })
                  .create()
                  .addListener(
                      (io.netty.util.concurrent.Future<QuicStreamChannel> s) -> {
                        if (!s.isSuccess()) {
                          quic.close();
                          attached.completeExceptionally(
                              new ConnectException(
                                  "cannot open a stream to "
                                      + uri
                                      + ": "
                                      + s.cause().getMessage()));
                        }
                      });
            });
  }

  private void installStream(
      QuicStreamChannel stream, PeerOrigin origin, CompletableFuture<PeerHandle> result) {
    tracker.accept(stream);
    // The peering is the stream; once it ends the connection has no purpose.
    stream.closeFuture().addListener(f -> stream.parent().close());
    setup.install(stream.pipeline(), origin, true, result);
  }

  private ChannelHandler connectionTracker() {
    return new ChannelInitializer<QuicChannel>() {
      @Override
      protected void initChannel(QuicChannel quic) {
        tracker.accept(quic);
      }
    };
  }

  /** A REMOTE origin whose handshake key must equal the key of the connection's TLS certificate. */
  private static PeerOrigin origin(String zone, String uri, QuicStreamChannel stream) {
    return new PeerOrigin(
        zone,
        uri,
        dev.conifer.snek.PeerType.REMOTE,
        handshakeKey -> certificateMismatch(stream.parent(), handshakeKey));
  }

  static String certificateMismatch(QuicChannel quic, PublicKey handshakeKey) {
    PublicKey certificateKey;
    try {
      Certificate[] chain = quic.sslEngine().getSession().getPeerCertificates();
      certificateKey = Ed25519Certificates.keyOf(chain[0]);
    } catch (SSLPeerUnverifiedException | CertificateException | RuntimeException e) {
      return "no usable TLS certificate: " + e.getMessage();
    }
    return certificateKey.equals(handshakeKey)
        ? null
        : "TLS certificate names " + certificateKey.shortHex();
  }
}
