package dev.conifer.session;

import dev.conifer.router.Router;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.tls.Ed25519Certificates;
import dev.conifer.transport.tls.Ed25519Tls;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIC sessions over the overlay for one node (docs/SESSIONS.md). Thread-safe. Streams are
 * addressed by public key and ALPN; one connection per (key, ALPN) is reused, and each side checks
 * that the peer's certificate holds the key it dialled or received from.
 */
public final class Sessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  static final AttributeKey<String> ALPN = AttributeKey.valueOf("conifer.session.alpn");

  private final PublicKey self;
  private final SessionConfig config;
  private final SyntheticAddresses addresses = new SyntheticAddresses();
  private final ConnectionIds ids;
  private final Ed25519Tls tls;
  private final Connections connections;
  private final ConcurrentHashMap<String, QuicSslContext> clientContexts =
      new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final Router router;
  private final QuicEndpoint endpoint;
  private final PeerVerification verification;
  private final InboundStreams inbound;
  private final Dialer dialer;
  private volatile QuicSslContext serverContext;
  private volatile boolean closed;

  private Sessions(Router router, Signer signer, SessionConfig config, Clock clock, Random random) {
    this.router = router;
    this.self = router.publicKey();
    this.config = config;
    this.connections = new Connections(self);
    this.ids = new ConnectionIds(random);
    this.tls = new Ed25519Tls(signer, Ed25519Certificates.selfSigned(signer, clock.instant()));
    this.serverContext = tls.server(java.util.List.of(NO_LISTENER_ALPN));
    this.executor = new HandlerExecutor(config.handlerThreads());
    this.verification = new PeerVerification(addresses, connections);
    this.inbound =
        new InboundStreams(verification, executor, config.handlerThreads(), () -> closed);
    this.endpoint =
        new QuicEndpoint(
            router,
            config,
            addresses,
            ids,
            ch -> serverContext.newEngine(ch.alloc()),
            ch -> clientContext(ch.attr(ALPN).get()).newEngine(ch.alloc()),
            verification.connectionEvents(),
            inbound);
    this.dialer =
        new Dialer(
            self,
            config,
            endpoint,
            addresses,
            ids,
            connections,
            verification.connectionEvents(),
            () -> inbound,
            verification::verify);
    router.setReceiver(endpoint::onOverlayDatagram);
  }

  /** How long {@link #close()} waits for connections to send their CONNECTION_CLOSE. */
  private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(1);

  /** Placeholder ALPN while nothing listens: every inbound handshake then fails ALPN. */
  private static final String NO_LISTENER_ALPN = "conifer-no-listener";

  /**
   * Binds QUIC to {@code router}'s datagrams (replacing its receiver); one per router. The signer
   * must hold the router's key. {@code clock} dates the node certificate; {@code random} keys the
   * connection IDs (the node passes the real clock and a {@code SecureRandom}).
   */
  public static Sessions start(
      Router router, Signer signer, SessionConfig config, Clock clock, Random random) {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    if (!signer.publicKey().equals(router.publicKey())) {
      throw new IllegalArgumentException(
          "signer key " + signer.publicKey() + " is not the router's " + router.publicKey());
    }
    return new Sessions(router, signer, config, clock, random);
  }

  /** For tests: a node whose certificate names another key than the one it routes as. */
  static Sessions startImpostor(
      Router router, Signer signer, SessionConfig config, Clock clock, Random random) {
    return new Sessions(router, signer, config, clock, random);
  }

  public PublicKey publicKey() {
    return self;
  }

  public SessionConfig config() {
    return config;
  }

  /**
   * Accepts streams for {@code alpn} (replacing an earlier handler). The handler runs on a session
   * executor thread, where blocking stream I/O is fine.
   */
  public void listen(String alpn, StreamHandler handler) {
    checkAlpn(alpn);
    Objects.requireNonNull(handler, "handler");
    synchronized (inbound) {
      // New handshakes pick the new context up through the engine provider.
      serverContext = tls.server(inbound.listen(alpn, handler));
    }
  }

  /**
   * Opens a new bidirectional stream to {@code key}, reusing a connection for (key, alpn). Fails
   * with {@link SessionException} naming the key on timeout, wrong certificate or peer gone. The
   * future completes on a session thread.
   */
  public CompletableFuture<SessionStream> dial(PublicKey key, String alpn) {
    Objects.requireNonNull(key, "key");
    checkAlpn(alpn);
    if (closed) {
      return CompletableFuture.failedFuture(
          new SessionException(SessionException.Reason.CLOSED, key, "sessions are closed"));
    }
    if (key.equals(self)) {
      return CompletableFuture.failedFuture(
          new SessionException(
              SessionException.Reason.HANDSHAKE_FAILED, key, "cannot dial our own key " + key));
    }
    Connections.Peer peer = new Connections.Peer(key, alpn);
    CompletableFuture<SessionStream> result = new CompletableFuture<>();
    attempt(peer)
        .whenComplete(
            (stream, error) -> {
              if (error == null) {
                result.complete(stream);
              } else if (unwrap(error) instanceof SessionException se
                  && se.reason() == SessionException.Reason.PEER_GONE
                  && !closed) {
                // As Go: a dead reused connection gets one retry on a fresh one.
                attempt(peer)
                    .whenComplete(
                        (s2, e2) -> {
                          if (e2 == null) {
                            result.complete(s2);
                          } else {
                            result.completeExceptionally(unwrap(e2));
                          }
                        });
              } else {
                result.completeExceptionally(unwrap(error));
              }
            });
    // Hand completion to a session thread: callers' stages must not run on the event loop.
    return result.thenApplyAsync(s -> s, executor);
  }

  /** One stream on a reused or fresh connection; a connection that cannot open one is retired. */
  private CompletableFuture<SessionStream> attempt(Connections.Peer peer) {
    return dialer
        .connection(peer)
        .thenCompose(
            quic ->
                dialer
                    .openStream(quic, peer)
                    .whenComplete(
                        (stream, error) -> {
                          if (error != null) {
                            connections.retire(quic);
                          }
                        }));
  }

  private QuicSslContext clientContext(String alpn) {
    return clientContexts.computeIfAbsent(alpn, tls::client);
  }

  private static void checkAlpn(String alpn) {
    Objects.requireNonNull(alpn, "alpn");
    int length = alpn.getBytes(StandardCharsets.UTF_8).length;
    if (length == 0 || length > 255) {
      throw new IllegalArgumentException("ALPN must be 1..255 bytes: '" + alpn + "'");
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Connections currently open, both directions (for tests and status). */
  public int connectionCount() {
    return connections.size();
  }

  /** Peers refused for presenting a certificate for another key. */
  public long refusedCertificates() {
    return verification.refusedCertificates();
  }

  /** Inbound streams refused: no listener for their ALPN, unverified peer, or handlers busy. */
  public long refusedStreams() {
    return inbound.refusedStreams();
  }

  /** Inbound stream handlers that threw: each is logged at warn and its stream reset. */
  public long failedHandlers() {
    return inbound.failedHandlers();
  }

  /** Connections that failed before or during their handshake (no common ALPN, bad cert). */
  public long failedHandshakes() {
    return verification.failedHandshakes();
  }

  /** The largest QUIC datagram received so far, in bytes (for tests and diagnostics). */
  public int largestDatagramReceived() {
    return endpoint.largestDatagramReceived();
  }

  /** Overlay datagrams dropped before QUIC saw them (queue full). */
  public long inboundDrops() {
    return endpoint.inboundDrops();
  }

  /** Closes every connection (peers see CONNECTION_CLOSE) and stops the event loop. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // CONNECTION_CLOSE must leave through the router before it stops receiving: peers then end
    // their streams at once instead of waiting out the idle timeout. Bounded: a wedged loop must
    // not hold up the node's shutdown.
    java.util.List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (QuicChannel quic : connections.all()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      quic.close().addListener(f -> done.complete(null));
      closing.add(done);
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      LOG.warn(
          "{} of {} session connections did not close within {} ms; closing anyway",
          closing.stream().filter(f -> !f.isDone()).count(),
          closing.size(),
          CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    router.setReceiver(null);
    endpoint.close();
    executor.shutdownNow();
  }
}
