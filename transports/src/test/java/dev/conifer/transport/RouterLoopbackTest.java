package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import dev.conifer.router.RouterStatus;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.testing.TestKeys;
import dev.conifer.transport.testing.TestRouters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real routers peered over real sockets: the whole stack below the application. */
@Tag("loopback")
@Timeout(60)
class RouterLoopbackTest {
  /** Overridden by the hosted variant. */
  boolean hosted() {
    return false;
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> resources = new ArrayList<>();

  /** One node: a router, its transports, and what it received. */
  private final class Node {
    final Router router;
    final Transports transports;
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<PublicKey> senders = new CopyOnWriteArrayList<>();

    Node(Signer signer, long seed) {
      TestRouters.Started started = TestRouters.start(signer, seed, hosted(), resources);
      router = started.router();
      transports = started.transports();
      router.setReceiver(
          (source, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            senders.add(source);
            received.add(new String(bytes, StandardCharsets.UTF_8));
          });
    }

    PublicKey key() {
      return router.publicKey();
    }

    RouterStatus status() throws Exception {
      return router.status().get(10, TimeUnit.SECONDS);
    }

    int listen(String scheme) throws Exception {
      return transports
          .listen(scheme + "://127.0.0.1:0" + (scheme.equals("ws") ? "/" : ""))
          .get(10, TimeUnit.SECONDS)
          .getPort();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** Sends until it arrives: the snake needs a bootstrap round before keys are routable. */
  private static void sendUntilReceived(Node from, Node to, String message) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              from.router.send(to.key(), ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
              return to.received.contains(message);
            });
    assertThat(to.senders).contains(from.key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws"})
  void twoRoutersPeerAgreeOnARootAndExchangeTraffic(String scheme) throws Exception {
    Node a = new Node(TestKeys.A, 1);
    Node b = new Node(TestKeys.B, 2);
    int port = b.listen(scheme);
    a.transports.connect(scheme + "://127.0.0.1:" + port + "/").get(10, TimeUnit.SECONDS);

    await()
        .atMost(WAIT)
        .until(() -> a.status().peers().size() == 1 && b.status().peers().size() == 1);
    RouterStatus.PeerStatus atB = b.status().peers().get(0);
    assertThat(atB.publicKey()).isEqualTo(a.key().toHex());
    assertThat(atB.zone()).isEqualTo(scheme.equals("ws") ? "websocket" : "");
    assertThat(a.status().peers().get(0).zone()).isEqualTo("static");
    // A (8a88…) is stronger than B (8139…), so both must settle on A as root.
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.status().root().publicKey().equals(a.key().toHex())
                    && b.status().root().publicKey().equals(a.key().toHex()));

    sendUntilReceived(a, b, "hello b over " + scheme);
    sendUntilReceived(b, a, "hello a over " + scheme);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "ws"})
  void trafficCrossesAMiddleRouter(String scheme) throws Exception {
    Node a = new Node(TestKeys.A, 1);
    Node b = new Node(TestKeys.B, 2);
    Node c = new Node(TestKeys.C, 3);
    int portB = b.listen(scheme);
    a.transports.addStaticPeer(scheme + "://127.0.0.1:" + portB + "/");
    c.transports.addStaticPeer(scheme + "://127.0.0.1:" + portB + "/");

    await().atMost(WAIT).until(() -> b.status().peers().size() == 2);
    // C (ed49…) is the strongest key: the root of the line A - B - C.
    String root = c.key().toHex();
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.status().root().publicKey().equals(root)
                    && b.status().root().publicKey().equals(root));
    assertThat(a.status().peers()).hasSize(1);

    sendUntilReceived(a, c, "a to c");
    sendUntilReceived(c, a, "c to a");
  }
}
