package dev.conifer.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.Transports;
import dev.conifer.transport.link.HandshakeFailure;
import dev.conifer.transport.link.LinkLimits;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestClocks;
import dev.conifer.transport.testing.TestKeys;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** QUIC peering over loopback UDP with a fake router. */
@Tag("quic")
@Tag("loopback")
@Timeout(30)
class QuicPeeringLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeEach
  void requireQuic() {
    String reason = QuicPeering.unavailableReason();
    Assumptions.assumeTrue(reason == null, "skipped: " + reason);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Transports transports(FakeAttacher attacher, dev.conifer.snek.crypto.Signer signer) {
    Transports t =
        new Transports(
            attacher, signer, Ed25519.VERIFIER, TransportConfig.defaults(), TestClocks.REAL);
    resources.add(t);
    return t;
  }

  @Test
  void peersOverQuicAndExchangeFramesBothWays() throws Exception {
    FakeAttacher atA = new FakeAttacher();
    FakeAttacher atB = new FakeAttacher();
    Transports a = transports(atA, TestKeys.A);
    Transports b = transports(atB, TestKeys.B);
    int port = b.listen("quic://127.0.0.1:0").get(10, TimeUnit.SECONDS).getPort();
    String target = "quic://127.0.0.1:" + port;

    PeerHandle handle = a.connect(target).get(10, TimeUnit.SECONDS);
    assertThat(handle).isSameAs(atA.last().handle());
    assertThat(atA.last().info().publicKey()).isEqualTo(TestKeys.B.publicKey());
    assertThat(atA.last().info().type()).isEqualTo(PeerType.REMOTE);
    assertThat(atA.last().info().zone()).isEqualTo("static");
    assertThat(atA.last().info().uri()).isEqualTo(target);
    await().atMost(WAIT).until(() -> atB.attached.size() == 1);
    assertThat(atB.last().info().publicKey()).isEqualTo(TestKeys.A.publicKey());
    assertThat(atB.last().info().zone()).isEqualTo("");
    assertThat(atB.last().info().uri()).startsWith("quic://127.0.0.1:");

    List<byte[]> frames = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      frames.add(TestKeys.unknownFrame(200, random.nextInt(3000), (byte) i));
    }
    for (byte[] frame : frames) {
      atA.last().link().write(java.nio.ByteBuffer.wrap(frame.clone()));
      atB.last().link().write(java.nio.ByteBuffer.wrap(frame.clone()));
    }
    atA.last().link().flush();
    atB.last().link().flush();
    await().atMost(WAIT).until(() -> atB.last().handle().frames.size() == frames.size());
    await().atMost(WAIT).until(() -> atA.last().handle().frames.size() == frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(atB.last().handle().frames.get(i)).isEqualTo(frames.get(i));
      assertThat(atA.last().handle().frames.get(i)).isEqualTo(frames.get(i));
    }

    atA.last().link().close("test over");
    await().atMost(WAIT).until(() -> atB.last().handle().closed());
    assertThat(atA.last().handle().closeReasons).containsExactly("test over");
  }

  @Test
  void refusesAPeerWhoseHandshakeKeyIsNotItsCertificateKey() throws Exception {
    FakeAttacher atB = new FakeAttacher();
    Transports b = transports(atB, TestKeys.B);
    int port = b.listen("quic://127.0.0.1:0").get(10, TimeUnit.SECONDS).getPort();

    // A client whose TLS certificate is C's key but whose Pinecone handshake is A's.
    FakeAttacher atA = new FakeAttacher();
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    resources.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync());
    LinkSetup setup =
        new LinkSetup(
            atA::attach,
            TestKeys.A,
            Ed25519.VERIFIER,
            LinkLimits.defaults(),
            new TransportCounters());
    QuicPeering forger =
        new QuicPeering(
            setup,
            TestKeys.C,
            TestClocks.REAL.wall().instant(),
            QuicConfig.defaults(),
            group,
            NioDatagramChannel.class,
            new WriteBufferWaterMark(1 << 16, 1 << 20),
            channel -> {});

    var dial = forger.dial(new InetSocketAddress("127.0.0.1", port), "static", "quic://x", 5_000);
    // B refuses and closes; A itself sees B's real key and accepts, then loses the stream.
    await()
        .atMost(WAIT)
        .until(() -> b.counters().handshakeFailures(HandshakeFailure.KEY_MISMATCH) == 1);
    assertThat(atB.attached).isEmpty();
    if (dial.isDone() && !dial.isCompletedExceptionally()) {
      await().atMost(WAIT).until(() -> atA.last().handle().closed());
    } else {
      assertThatThrownBy(() -> dial.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void failsADialToASilentPortWithinTheDialTimeout() {
    Transports a =
        new Transports(
            new FakeAttacher(),
            TestKeys.A,
            Ed25519.VERIFIER,
            TransportConfig.defaults().toBuilder().dialTimeoutNs(500_000_000L).build(),
            TestClocks.REAL);
    resources.add(a);
    // Port 9 (discard) on loopback: nothing answers QUIC there.
    assertThatThrownBy(() -> a.connect("quic://127.0.0.1:9").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(a.counters().dialsFailed()).isEqualTo(1);
  }
}
