package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.WireError;
import dev.conifer.transport.link.HandshakeFailure;
import dev.conifer.transport.link.PeeringException;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestClocks;
import dev.conifer.transport.testing.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real sockets on 127.0.0.1, with a fake router that records what the transports attach. */
@Tag("loopback")
@Timeout(30)
class TransportsLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long MS = 1_000_000L;
  private static final InetAddress LOOPBACK = loopback();

  private final List<AutoCloseable> resources = new ArrayList<>();

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private static TransportConfig fast() {
    return TransportConfig.defaults().toBuilder()
        .backoff(50 * MS, 200 * MS, 0.25)
        .jitterSeed(7)
        .build();
  }

  private Transports transports(Signer signer, FakeAttacher attacher, TransportConfig config) {
    Transports transports =
        new Transports(attacher, signer, Ed25519.VERIFIER, config, TestClocks.REAL);
    resources.add(transports);
    return transports;
  }

  private Socket rawSocket(int port) throws IOException {
    Socket socket = new Socket(LOOPBACK, port);
    socket.setSoTimeout(10_000); // a read that never ends fails the test instead of hanging it
    resources.add(socket);
    return socket;
  }

  private static int listen(Transports transports, String uri) throws Exception {
    return transports.listen(URI.create(uri)).get(10, TimeUnit.SECONDS).getPort();
  }

  private static List<byte[]> randomFrames(long seed, int count) {
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(TestKeys.unknownFrame(200, random.nextInt(2000), (byte) i));
    }
    return frames;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws"})
  void peersHandshakeAndExchangeFramesBothWays(String scheme) throws Exception {
    FakeAttacher attacherA = new FakeAttacher();
    FakeAttacher attacherB = new FakeAttacher();
    Transports a = transports(TestKeys.A, attacherA, fast());
    Transports b = transports(TestKeys.B, attacherB, fast());
    String path = scheme.equals("ws") ? "/any/path?node=x" : "";
    int port = listen(b, scheme + "://127.0.0.1:0" + (scheme.equals("ws") ? "/" : ""));
    String target = scheme + "://127.0.0.1:" + port + path;

    PeerHandle handle = a.connect(URI.create(target)).get(10, TimeUnit.SECONDS);
    assertThat(handle).isSameAs(attacherA.last().handle());
    assertThat(attacherA.last().info().publicKey()).isEqualTo(TestKeys.B.publicKey());
    assertThat(attacherA.last().info().zone()).isEqualTo("static");
    assertThat(attacherA.last().info().uri()).isEqualTo(target);
    await().atMost(WAIT).until(() -> attacherB.attached.size() == 1);
    FakeAttacher.Attached atB = attacherB.last();
    assertThat(atB.info().publicKey()).isEqualTo(TestKeys.A.publicKey());
    assertThat(atB.info().zone()).isEqualTo(scheme.equals("ws") ? "websocket" : "");
    assertThat(atB.info().uri()).startsWith(scheme + "://127.0.0.1:");

    List<byte[]> toB = randomFrames(1, 200);
    List<byte[]> toA = randomFrames(2, 200);
    for (byte[] frame : toB) {
      attacherA.last().link().write(java.nio.ByteBuffer.wrap(frame));
    }
    attacherA.last().link().flush();
    for (byte[] frame : toA) {
      atB.link().write(java.nio.ByteBuffer.wrap(frame));
    }
    atB.link().flush();
    await().atMost(WAIT).until(() -> atB.handle().frames.size() == toB.size());
    await().atMost(WAIT).until(() -> attacherA.last().handle().frames.size() == toA.size());
    assertThat(atB.handle().frames).containsExactlyElementsOf(toB);
    assertThat(attacherA.last().handle().frames).containsExactlyElementsOf(toA);
    assertThat(a.counters().handshakesCompleted()).isEqualTo(1);

    atB.link().close("test over");
    await().atMost(WAIT).until(() -> attacherA.last().handle().closed());
    assertThat(atB.handle().closeReasons).containsExactly("test over");
  }

  @Test
  void nioAndEpollPeersInteroperate() throws Exception {
    FakeAttacher attacherA = new FakeAttacher();
    Transports a =
        transports(TestKeys.A, attacherA, fast().toBuilder().nativeTransport(false).build());
    Transports b = transports(TestKeys.B, new FakeAttacher(), fast());
    assertThat(a.ioTransport()).isEqualTo("nio");
    assertThat(b.ioTransport()).isIn("epoll", "nio"); // epoll wherever the kernel offers it
    int port = listen(b, "tcp://127.0.0.1:0");
    a.connect("tcp://127.0.0.1:" + port).get(10, TimeUnit.SECONDS);
    assertThat(attacherA.last().info().publicKey()).isEqualTo(TestKeys.B.publicKey());
  }

  @Test
  void silentClientsDoNotHoldUpAnotherPeersHandshake() throws Exception {
    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    int port = listen(b, "tcp://127.0.0.1:0");
    for (int i = 0; i < 20; i++) {
      rawSocket(port); // connects, then never says a word
    }
    await().atMost(WAIT).until(() -> b.pendingHandshakeCount() == 20);

    FakeAttacher attacherA = new FakeAttacher();
    Transports a = transports(TestKeys.A, attacherA, fast());
    long startNs = System.nanoTime();
    a.connect(URI.create("tcp://127.0.0.1:" + port)).get(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - startNs) / MS;
    // Far below the 10 s handshake deadline the silent clients are still waiting out.
    assertThat(tookMs).isLessThan(5_000);
    await().atMost(WAIT).until(() -> attacherB.attached.size() == 1);
    assertThat(b.pendingHandshakeCount()).isEqualTo(20);
  }

  @Test
  void aSilentClientIsDisconnectedAtTheDeadline() throws Exception {
    Transports b =
        transports(
            TestKeys.B,
            new FakeAttacher(),
            fast().toBuilder().handshakeTimeoutNs(300 * MS).build());
    int port = listen(b, "tcp://127.0.0.1:0");
    Socket socket = rawSocket(port);
    InputStream in = socket.getInputStream();
    assertThat(in.readNBytes(Handshake.LENGTH)).isEqualTo(Handshake.encode(TestKeys.B));
    assertThat(in.read()).as("end of stream").isEqualTo(-1);
    assertThat(b.counters().handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
    await().atMost(WAIT).until(() -> b.pendingHandshakeCount() == 0);
  }

  /** The deadline starts at accept, so it also bounds a client that never finishes its upgrade. */
  @Test
  void aWebSocketClientStuckInItsUpgradeIsDisconnectedAtTheDeadline() throws Exception {
    Transports b =
        transports(
            TestKeys.B,
            new FakeAttacher(),
            fast().toBuilder().handshakeTimeoutNs(300 * MS).build());
    int port = listen(b, "ws://127.0.0.1:0/");
    Socket socket = rawSocket(port);
    socket
        .getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
    assertThat(b.counters().handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
    await().atMost(WAIT).until(() -> b.pendingHandshakeCount() == 0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n", // no upgrade headers
        "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
        "\u0001\u0000\u0000\u0000 not http at all\r\n\r\n",
      })
  void aWebSocketListenerClosesClientsThatDoNotUpgrade(String request) throws Exception {
    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    int port = listen(b, "ws://127.0.0.1:0/");
    Socket socket = rawSocket(port);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    String response =
        new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(response).doesNotContain("101 Switching Protocols");
    await().atMost(WAIT).until(() -> b.counters().handshakeFailures(HandshakeFailure.CLOSED) == 1);
    assertThat(attacherB.attached).isEmpty();
    assertThat(b.pendingHandshakeCount()).isZero();
  }

  @Test
  void aPeerThatStopsReadingIsDisconnectedOnceWritesStall() throws Exception {
    FakeAttacher attacherB = new FakeAttacher();
    Transports b =
        transports(
            TestKeys.B,
            attacherB,
            fast().toBuilder()
                .writeStallTimeoutNs(300 * MS)
                .writeBufferWaterMarks(1 << 10, 1 << 14)
                .build());
    int port = listen(b, "tcp://127.0.0.1:0");
    Socket socket = new Socket();
    resources.add(socket);
    socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
    socket.connect(new InetSocketAddress(LOOPBACK, port));
    socket.getOutputStream().write(Handshake.encode(TestKeys.C)); // then never reads again
    await().atMost(WAIT).until(() -> attacherB.attached.size() == 1);
    FakeAttacher.Attached peer = attacherB.last();
    byte[] frame = TestKeys.unknownFrame(200, 60_000, (byte) 1);
    // Fill the kernel buffers until the channel reports backpressure, as the router would see it.
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              for (int i = 0; i < 16 && peer.link().isWritable(); i++) {
                peer.link().write(java.nio.ByteBuffer.wrap(frame.clone()));
              }
              peer.link().flush();
              return peer.handle().closed();
            });
    assertThat(peer.handle().closeReasons.get(0)).startsWith("write stalled for 300 ms");
  }

  @Test
  void aGarbageHandshakeIsRefusedAndCounted() throws Exception {
    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    int port = listen(b, "tcp://127.0.0.1:0");
    Socket socket = rawSocket(port);
    socket.getOutputStream().write(new byte[Handshake.LENGTH]);
    InputStream in = socket.getInputStream();
    in.readNBytes(Handshake.LENGTH);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(b.counters().handshakeFailures(HandshakeFailure.BAD_VERSION)).isEqualTo(1);
    assertThat(attacherB.attached).isEmpty();
  }

  @Test
  void aHostilePeerSendingABadFrameIsDisconnectedAfterItsGoodOnes() throws Exception {
    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    int port = listen(b, "tcp://127.0.0.1:0");
    Socket socket = rawSocket(port);
    byte[] tooShort = TestKeys.keepalive();
    tooShort[9] = 3; // length 3: Go panics here
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Handshake.encode(TestKeys.C));
    out.writeBytes(TestKeys.keepalive());
    out.writeBytes(tooShort);
    socket.getOutputStream().write(out.toByteArray());
    InputStream in = socket.getInputStream();
    in.readNBytes(Handshake.LENGTH);
    assertThat(in.read()).isEqualTo(-1);
    await()
        .atMost(WAIT)
        .until(() -> attacherB.attached.size() == 1 && attacherB.last().handle().closed());
    assertThat(attacherB.last().info().publicKey()).isEqualTo(TestKeys.C.publicKey());
    assertThat(attacherB.last().handle().frames).containsExactly(TestKeys.keepalive());
    assertThat(attacherB.last().handle().closeReasons.get(0)).startsWith("FRAME_TOO_SHORT");
    assertThat(b.counters().frameRejects(WireError.FRAME_TOO_SHORT)).isEqualTo(1);
  }

  @Test
  void countersReachTheMeterRegistry() throws Exception {
    Transports b = transports(TestKeys.B, new FakeAttacher(), fast());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    b.bindTo(registry);
    int port = listen(b, "tcp://127.0.0.1:0");
    Socket socket = rawSocket(port);
    socket.getOutputStream().write(Handshake.encode(TestKeys.B)); // our own key back at us
    assertThat(socket.getInputStream().readAllBytes()).hasSize(Handshake.LENGTH);
    await()
        .atMost(WAIT)
        .until(
            () ->
                registry
                        .get("conifer.transport.handshakes.failed")
                        .tag("reason", "self_peering")
                        .functionCounter()
                        .count()
                    == 1);
    assertThat(registry.get("conifer.transport.channels").gauge().value()).isEqualTo(1);
    assertThat(registry.get("conifer.transport.handshakes.pending").gauge().value()).isZero();
  }

  @Test
  void aDialFailsWhenNoSwitchPortIsFree() throws Exception {
    FakeAttacher attacherA = new FakeAttacher();
    attacherA.refuse = true;
    Transports a = transports(TestKeys.A, attacherA, fast());
    Transports b = transports(TestKeys.B, new FakeAttacher(), fast());
    int port = listen(b, "tcp://127.0.0.1:0");
    CompletableFuture<PeerHandle> dial = a.connect(URI.create("tcp://127.0.0.1:" + port));
    assertThatThrownBy(() -> dial.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            PeeringException.class,
            e -> assertThat(e.failure()).isEqualTo(HandshakeFailure.NO_FREE_PORT))
        .hasMessageContaining("no free switch ports");
  }

  @Test
  void aRefusedDialNamesTheAddress() throws Exception {
    int port = freePort();
    Transports a = transports(TestKeys.A, new FakeAttacher(), fast());
    CompletableFuture<PeerHandle> dial = a.connect(URI.create("tcp://127.0.0.1:" + port));
    assertThatThrownBy(() -> dial.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("tcp://127.0.0.1:" + port);
    assertThat(a.counters().dialsFailed()).isEqualTo(1);
  }

  @Test
  void wssToAPlainListenerFailsCleanly() throws Exception {
    Transports a = transports(TestKeys.A, new FakeAttacher(), fast());
    Transports b = transports(TestKeys.B, new FakeAttacher(), fast());
    int port = listen(b, "ws://127.0.0.1:0/");
    CompletableFuture<PeerHandle> dial = a.connect(URI.create("wss://127.0.0.1:" + port + "/"));
    assertThatThrownBy(() -> dial.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
  }

  @Test
  void unsupportedAddressesFailWithAClearMessage() {
    Transports a = transports(TestKeys.A, new FakeAttacher(), fast());
    assertThatThrownBy(() -> a.connect(URI.create("http://127.0.0.1:1")).get())
        .cause()
        .hasMessageContaining("unsupported scheme 'http'");
    assertThatThrownBy(() -> a.listen(URI.create("wss://127.0.0.1:0/")).get())
        .cause()
        .hasMessageContaining("wss:// listeners are not supported");
    if (dev.conifer.transport.bt.BluetoothSupport.unavailableReason() != null) {
      // Fails at once rather than redialing forever.
      assertThatThrownBy(() -> a.addStaticPeer(URI.create("bt://00:11:22:33:44:55")))
          .hasMessageContaining("no Bluetooth adapter: bt:// disabled");
    }
  }

  @Test
  void aStaticPeerIsDialedOnceItsListenerAppearsAndRedialedAfterADisconnect() throws Exception {
    int port = freePort();
    FakeAttacher attacherA = new FakeAttacher();
    Transports a = transports(TestKeys.A, attacherA, fast());
    a.addStaticPeer("127.0.0.1:" + port); // Go-style host:port
    await().atMost(WAIT).until(() -> a.counters().dialsFailed() >= 2);
    assertThat(a.staticPeerAttempts().get(10, TimeUnit.SECONDS).get(0)).isPositive();

    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    listen(b, "tcp://127.0.0.1:" + port);
    await().atMost(WAIT).until(() -> attacherA.attached.size() == 1);
    assertThat(attacherA.last().info().zone()).isEqualTo("static");
    assertThat(attacherA.last().info().uri()).isEqualTo("127.0.0.1:" + port);
    await().atMost(WAIT).until(() -> a.staticPeerAttempts().get().get(0) == 0);

    await().atMost(WAIT).until(() -> attacherB.attached.size() == 1);
    attacherB.last().link().close("kicked");
    await().atMost(WAIT).until(() -> attacherA.attached.size() == 2);
    assertThat(attacherA.attached.get(0).handle().closed()).isTrue();
    await().atMost(WAIT).until(() -> attacherB.attached.size() == 2);
  }

  @Test
  void closingTheTransportsClosesItsPeerings() throws Exception {
    FakeAttacher attacherA = new FakeAttacher();
    Transports a = new Transports(attacherA, TestKeys.A, Ed25519.VERIFIER, fast(), TestClocks.REAL);
    FakeAttacher attacherB = new FakeAttacher();
    Transports b = transports(TestKeys.B, attacherB, fast());
    int port = listen(b, "tcp://127.0.0.1:0");
    a.connect(URI.create("tcp://127.0.0.1:" + port)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> attacherB.attached.size() == 1);
    a.close();
    assertThat(attacherA.last().handle().closed()).isTrue();
    await().atMost(WAIT).until(() -> attacherB.last().handle().closed());
    assertThat(a.connect(URI.create("tcp://127.0.0.1:" + port))).isCompletedExceptionally();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      return socket.getLocalPort();
    }
  }
}
