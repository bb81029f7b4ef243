package dev.conifer.transport.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.Transports;
import dev.conifer.transport.testing.LossyUdpProxy;
import dev.conifer.transport.testing.TestKeys;
import dev.conifer.transport.testing.TestRouters;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two real routers peered over QUIC, directly and through a UDP path that loses datagrams. */
@Tag("quic")
@Tag("loopback")
@Timeout(90)
class QuicRouterLoopbackTest {
  /** Overridden by the hosted variant. */
  boolean hosted() {
    return false;
  }

  private static final long SEED = Long.getLong("transports.seed", 20261124L);
  private static final Duration WAIT = Duration.ofSeconds(40);
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

  private final class Node {
    final Router router;
    final Transports transports;
    final Set<Integer> received = ConcurrentHashMap.newKeySet();

    Node(Signer signer, long seed) {
      TestRouters.Started started = TestRouters.start(signer, seed, hosted(), resources);
      router = started.router();
      transports = started.transports();
      router.setReceiver((source, payload) -> received.add(payload.getInt(payload.position())));
    }

    PublicKey key() {
      return router.publicKey();
    }

    int peerCount() throws Exception {
      return router.status().get(10, TimeUnit.SECONDS).peers().size();
    }
  }

  private static ByteBuffer message(int i) {
    ByteBuffer b = ByteBuffer.allocate(512);
    b.putInt(0, i);
    return b;
  }

  @Test
  void trafficFlowsAndThePeeringSurvivesAPathThatDropsTenPercentOfDatagrams() throws Exception {
    String reproduce = "reproduce: -Dtransports.seed=" + SEED;
    Node a = new Node(TestKeys.A, 1);
    Node b = new Node(TestKeys.B, 2);
    InetSocketAddress listener =
        b.transports.listen("quic://127.0.0.1:0").get(10, TimeUnit.SECONDS);
    LossyUdpProxy proxy = new LossyUdpProxy(listener, 0.10, SEED);
    resources.add(proxy);
    a.transports.connect("quic://127.0.0.1:" + proxy.address().getPort()).get(20, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> a.peerCount() == 1 && b.peerCount() == 1);

    // Until the snake has a route, sends are dropped by the router: resend the first one.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              a.router.send(b.key(), message(-1));
              return b.received.contains(-1);
            });
    int count = 1_000;
    int window = 8; // below the router's 16-frame flow queue, so the router never has to drop
    for (int i = 0; i < count; i++) {
      a.router.send(b.key(), message(i));
      if (i % window == window - 1) {
        int sent = i + 2; // with message -1
        await()
            .atMost(WAIT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(2))
            .alias(reproduce)
            .until(() -> b.received.size() >= sent);
      }
    }
    await().atMost(WAIT).alias(reproduce).until(() -> b.received.size() == count + 1);
    assertThat(proxy.dropped.get()).as(reproduce).isPositive();
    assertThat(a.peerCount()).as(reproduce).isEqualTo(1);
    assertThat(a.transports.counters().handshakesCompleted()).as(reproduce).isEqualTo(1);
    assertThat(b.transports.counters().handshakesCompleted()).as(reproduce).isEqualTo(1);
  }
}
