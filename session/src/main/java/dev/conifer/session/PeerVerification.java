package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.tls.Ed25519Certificates;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection verification: each side checks that the peer's certificate holds the key it dialled or
 * received from, and a connection is used for streams only once that check passed. Inbound
 * connections are checked as soon as their handshake completes; ours when the dial completes.
 */
final class PeerVerification {
  private static final Logger LOG = LoggerFactory.getLogger(PeerVerification.class);

  /** QUIC application error code sent when a peer's certificate names the wrong key. */
  static final int ERROR_WRONG_KEY = 0x1001;

  /** Set on connections we dialled: the key we expect. */
  static final AttributeKey<PublicKey> DIALLED = AttributeKey.valueOf("conifer.session.dialled");

  /** Set once the peer's certificate key has been checked. */
  static final AttributeKey<PublicKey> VERIFIED = AttributeKey.valueOf("conifer.session.verified");

  private final SyntheticAddresses addresses;
  private final Connections connections;
  private final AtomicLong refusedCertificates = new AtomicLong();
  private final AtomicLong failedHandshakes = new AtomicLong();
  private final ConnectionEvents events = new ConnectionEvents();

  PeerVerification(SyntheticAddresses addresses, Connections connections) {
    this.addresses = addresses;
    this.connections = connections;
  }

  /**
   * Checks that the peer's certificate holds {@code expected}; on a mismatch closes the connection
   * (Go leaves it open) and returns the error, else null.
   */
  SessionException verify(QuicChannel quic, PublicKey expected) {
    PublicKey presented;
    try {
      Certificate[] chain = quic.sslEngine().getSession().getPeerCertificates();
      presented = Ed25519Certificates.keyOf(chain[0]);
    } catch (SSLPeerUnverifiedException | CertificateException | RuntimeException e) {
      return refuse(quic, expected, "no usable certificate: " + e.getMessage());
    }
    if (!presented.equals(expected)) {
      return refuse(quic, expected, "its certificate is for " + presented.toHex());
    }
    return null;
  }

  private SessionException refuse(QuicChannel quic, PublicKey expected, String why) {
    refusedCertificates.incrementAndGet();
    String message = "refused the session with " + expected.toHex() + ": " + why;
    quic.close(
        true,
        ERROR_WRONG_KEY,
        Unpooled.copiedBuffer("certificate key mismatch", StandardCharsets.UTF_8));
    LOG.warn(message);
    return new SessionException(SessionException.Reason.CERTIFICATE_REFUSED, expected, message);
  }

  /** The verified key of {@code quic}, verifying an inbound connection on first use; or null. */
  PublicKey verifiedKey(QuicChannel quic) {
    PublicKey known = quic.attr(VERIFIED).get();
    if (known != null) {
      return known;
    }
    if (quic.attr(DIALLED).get() != null) {
      return null; // Our own dial: verified when the handshake completes, not before.
    }
    PublicKey source =
        quic.remoteSocketAddress() instanceof InetSocketAddress a ? addresses.keyOf(a) : null;
    if (source == null || !quic.isActive()) {
      return null;
    }
    if (verify(quic, source) != null) {
      return null;
    }
    String alpn = quic.sslEngine().getApplicationProtocol();
    quic.attr(Sessions.ALPN).set(alpn);
    quic.attr(VERIFIED).set(source);
    connections.add(new Connections.Peer(source, alpn), quic, source);
    return source;
  }

  /** The handler every connection's pipeline gets (shared). */
  ChannelHandler connectionEvents() {
    return events;
  }

  /** Peers refused for presenting a certificate for another key. */
  long refusedCertificates() {
    return refusedCertificates.get();
  }

  /** Connections that failed before or during their handshake (no common ALPN, bad cert). */
  long failedHandshakes() {
    return failedHandshakes.get();
  }

  /**
   * Verifies inbound connections as soon as their handshake completes, and retires any connection
   * from reuse as soon as it starts closing (a draining connection still looks active).
   */
  @ChannelHandler.Sharable
  private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      QuicChannel quic = (QuicChannel) ctx.channel();
      if (evt instanceof SslHandshakeCompletionEvent done
          && done.isSuccess()
          && quic.attr(DIALLED).get() == null) {
        verifiedKey(quic);
      } else if (evt instanceof QuicConnectionCloseEvent) {
        connections.retire(quic);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Handshake failures (no common ALPN, bad certificate) end here; the dialler sees its own.
      failedHandshakes.incrementAndGet();
      LOG.info("session connection error: {}", cause.toString());
    }
  }
}
