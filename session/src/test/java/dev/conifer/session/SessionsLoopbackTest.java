package dev.conifer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import dev.conifer.snek.wire.PublicKey;
import io.netty.handler.codec.quic.QuicChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions between real routers linked in memory. Waits have deadlines; nothing sleeps. */
@Tag("quic")
@Timeout(60)
class SessionsLoopbackTest {
  static final String ECHO = "conifer-test-echo";
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final TestOverlay overlay = new TestOverlay();

  @BeforeEach
  void quic() {
    QuicAvailable.assume();
  }

  @AfterEach
  void close() {
    overlay.close();
  }

  static void echo(SessionStream stream) throws Exception {
    stream.inputStream().transferTo(stream.outputStream());
    stream.outputStream().close();
  }

  static String roundTrip(SessionStream s, String text) throws Exception {
    OutputStream out = s.outputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.close();
    InputStream in = s.inputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static SessionStream open(Sessions from, PublicKey to) throws Exception {
    return from.dial(to, ECHO).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void echoesOverAStreamThroughARelay() throws Exception {
    List<Router> r = overlay.chain(1, 3);
    Sessions a = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions c = overlay.sessions(r.get(2), 3, SessionConfig.defaults());
    c.listen(ECHO, SessionsLoopbackTest::echo);

    SessionStream s = open(a, c.publicKey());
    assertThat(s.remoteKey()).isEqualTo(c.publicKey());
    assertThat(s.alpn()).isEqualTo(ECHO);
    assertThat(roundTrip(s, "hello over quic")).isEqualTo("hello over quic");
    s.close();
  }

  @Test
  void manyStreamsShareOneReusedConnection() throws Exception {
    List<Router> r = overlay.chain(1, 2);
    Sessions a = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions b = overlay.sessions(r.get(1), 2, SessionConfig.defaults());
    b.listen(ECHO, SessionsLoopbackTest::echo);

    List<CompletableFuture<SessionStream>> dials = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      dials.add(a.dial(b.publicKey(), ECHO)); // concurrent dials join one handshake
    }
    List<SessionStream> streams = new ArrayList<>();
    for (CompletableFuture<SessionStream> d : dials) {
      streams.add(d.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }
    for (int i = 0; i < streams.size(); i++) {
      assertThat(roundTrip(streams.get(i), "stream " + i)).isEqualTo("stream " + i);
    }
    SessionStream later = open(a, b.publicKey());
    assertThat(roundTrip(later, "reused")).isEqualTo("reused");
    QuicChannel shared = (QuicChannel) streams.get(0).channel().parent();
    assertThat(streams).allSatisfy(s -> assertThat(s.channel().parent()).isSameAs(shared));
    assertThat(later.channel().parent()).isSameAs(shared);
    assertThat(a.connectionCount()).isEqualTo(1);
    assertThat(b.connectionCount()).isEqualTo(1);
  }

  @Test
  void bothEndsDiallingAtOnceEndWithOneWorkingSession() throws Exception {
    List<Router> r = overlay.chain(1, 2);
    Sessions a = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions b = overlay.sessions(r.get(1), 2, SessionConfig.defaults());
    a.listen(ECHO, SessionsLoopbackTest::echo);
    b.listen(ECHO, SessionsLoopbackTest::echo);

    CompletableFuture<SessionStream> fromA = a.dial(b.publicKey(), ECHO);
    CompletableFuture<SessionStream> fromB = b.dial(a.publicKey(), ECHO);
    SessionStream sa = fromA.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    SessionStream sb = fromB.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(roundTrip(sa, "a to b")).isEqualTo("a to b");
    assertThat(roundTrip(sb, "b to a")).isEqualTo("b to a");

    // Whatever raced, later dials from both ends agree on a single connection.
    SessionStream nextA = open(a, b.publicKey());
    SessionStream nextB = open(b, a.publicKey());
    QuicChannel qa = (QuicChannel) nextA.channel().parent();
    QuicChannel qb = (QuicChannel) nextB.channel().parent();
    assertThat(qa.localAddress()).isEqualTo(qb.remoteAddress());
    assertThat(qa.remoteAddress()).isEqualTo(qb.localAddress());
    assertThat(roundTrip(nextA, "again a")).isEqualTo("again a");
    assertThat(roundTrip(nextB, "again b")).isEqualTo("again b");
  }

  @Test
  void dialingAnUnknownKeyTimesOutNamingTheKey() {
    List<Router> r = overlay.chain(1, 2);
    Sessions a =
        overlay.sessions(
            r.get(0), 1, SessionConfig.defaults().withDialTimeout(Duration.ofMillis(800)));
    PublicKey nobody = TestOverlay.signer(77).publicKey();

    assertThatThrownBy(() -> a.dial(nobody, ECHO).get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SessionException.class)
        .hasMessageContaining(nobody.toHex())
        .satisfies(
            e ->
                assertThat(((SessionException) e).reason())
                    .isEqualTo(SessionException.Reason.TIMEOUT));
  }

  @Test
  void aPeerPresentingAnotherKeysCertificateIsRefused() throws Exception {
    List<Router> r = overlay.chain(1, 2);
    Sessions honest = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    // Routes as key 2, presents a certificate for key 9.
    Sessions impostor =
        Sessions.startImpostor(
            r.get(1),
            TestOverlay.signer(9),
            SessionConfig.defaults(),
            TestOverlay.CLOCK,
            new java.security.SecureRandom());
    try {
      impostor.listen(ECHO, SessionsLoopbackTest::echo);
      honest.listen(ECHO, SessionsLoopbackTest::echo);
      PublicKey routedAs = r.get(1).publicKey();

      // We dial it: refused, naming the key.
      assertThatThrownBy(() -> open(honest, routedAs))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SessionException.class)
          .hasMessageContaining(routedAs.toHex())
          .hasMessageContaining(TestOverlay.signer(9).publicKey().toHex())
          .satisfies(
              e ->
                  assertThat(((SessionException) e).reason())
                      .isEqualTo(SessionException.Reason.CERTIFICATE_REFUSED));

      // It dials us: we close the connection and never hand it a stream. (First let our refusal
      // of its connection reach it, or it would reuse that connection instead of dialling.)
      await().atMost(DEADLINE).until(() -> impostor.connectionCount() == 0);
      long before = honest.refusedCertificates();
      CompletableFuture<SessionStream> attempt = impostor.dial(honest.publicKey(), ECHO);
      await()
          .atMost(DEADLINE)
          .until(() -> honest.refusedCertificates() > before || attempt.isDone());
      if (!attempt.isCompletedExceptionally()) {
        SessionStream s = attempt.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThatThrownBy(() -> roundTrip(s, "let me in")).isInstanceOf(SessionException.class);
      }
      await().atMost(DEADLINE).until(() -> honest.refusedCertificates() > before);
      assertThat(honest.connectionCount()).isZero();
    } finally {
      impostor.close();
    }
  }

  @Test
  void aPeerGoingAwayMakesTheStreamFail() throws Exception {
    List<Router> r = overlay.chain(1, 2);
    Sessions a = overlay.sessions(r.get(0), 1, SessionConfig.defaults());
    Sessions b =
        Sessions.start(
            r.get(1),
            TestOverlay.signer(2),
            SessionConfig.defaults(),
            TestOverlay.CLOCK,
            new java.security.SecureRandom());
    CompletableFuture<SessionStream> accepted = new CompletableFuture<>();
    b.listen(
        ECHO,
        s -> {
          accepted.complete(s.detach());
        });
    SessionStream s = open(a, b.publicKey());
    s.outputStream().write(1); // a stream becomes visible to the peer with its first byte
    s.outputStream().flush();
    accepted.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    b.close();

    assertThatThrownBy(() -> s.inputStream().read())
        .isInstanceOf(SessionException.class)
        .hasMessageContaining(b.publicKey().toHex())
        .satisfies(
            e ->
                assertThat(((SessionException) e).reason())
                    .isEqualTo(SessionException.Reason.PEER_GONE));
  }

  @Test
  void aVanishedPeerRouterFailsTheStreamAtTheIdleTimeout() throws Exception {
    List<Router> r = overlay.chain(1, 2);
    SessionConfig quick = SessionConfig.defaults().withIdleTimeout(Duration.ofSeconds(2));
    Sessions a = overlay.sessions(r.get(0), 1, quick);
    Sessions b = overlay.sessions(r.get(1), 2, quick);
    b.listen(ECHO, s -> s.detach());
    SessionStream s = open(a, b.publicKey());
    s.outputStream().write(1);

    r.get(1).close(); // no CONNECTION_CLOSE gets out: only the idle timeout can tell

    long start = System.nanoTime();
    assertThatThrownBy(() -> s.inputStream().read()).isInstanceOf(SessionException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void largeDatagramsFlowOnlyWhenBothEndsRaisedTheLimit() throws Exception {
    List<Router> r = overlay.chain(1, 3);
    SessionConfig large = SessionConfig.defaults().withMaxDatagramSize(16_000);
    Sessions a = overlay.sessions(r.get(0), 1, large);
    Sessions goLike = overlay.sessions(r.get(1), 2, SessionConfig.defaults());
    Sessions peer = overlay.sessions(r.get(2), 3, large);
    goLike.listen(Transfers.SINK, Transfers::sink);
    peer.listen(Transfers.SINK, Transfers::sink);

    assertThat(Transfers.send(a, goLike.publicKey(), 1 << 20, 1).intact(1 << 20)).isTrue();
    assertThat(Transfers.send(a, peer.publicKey(), 1 << 20, 2).intact(1 << 20)).isTrue();

    // A default node advertises Go's 1452-byte read buffer, and is never sent more.
    assertThat(goLike.largestDatagramReceived()).isBetween(1000, QuicEndpoint.GO_RECEIVE_BUFFER);
    assertThat(peer.largestDatagramReceived()).isGreaterThan(QuicEndpoint.GO_RECEIVE_BUFFER);
    assertThat(a.largestDatagramReceived()).isLessThanOrEqualTo(16_000);
  }

  @Test
  void anAlpnThePeerDoesNotServeFailsTheDialNamingTheKey() {
    List<Router> r = overlay.chain(1, 2);
    Sessions a =
        overlay.sessions(
            r.get(0), 1, SessionConfig.defaults().withDialTimeout(Duration.ofSeconds(5)));
    Sessions b = overlay.sessions(r.get(1), 2, SessionConfig.defaults());
    b.listen(ECHO, SessionsLoopbackTest::echo);

    assertThatThrownBy(
            () -> a.dial(b.publicKey(), "not-served").get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SessionException.class)
        .hasMessageContaining(b.publicKey().toHex())
        .hasMessageContaining("not-served");
    assertThat(b.connectionCount()).isZero();
  }
}
