package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real router threads, linked in memory (no sockets). Waits have deadlines; nothing sleeps. */
@Tag("loopback")
@Timeout(60)
class RouterLoopbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final List<Router> routers = new ArrayList<>();

  /** How the router under test runs; {@link HostedRouterLoopbackTest} hosts it instead. */
  Router start(int n, RouterConfig config) {
    return Router.start(
        config,
        RouterCoreTest.signer(n),
        System::nanoTime,
        System::currentTimeMillis,
        new SimpleMeterRegistry(),
        n);
  }

  private Router router(int n, RouterConfig config) {
    Router router = start(n, config);
    routers.add(router);
    return router;
  }

  private Router router(int n) {
    return router(n, RouterConfig.defaults());
  }

  @AfterEach
  void closeRouters() {
    routers.forEach(Router::close);
    afterRoutersClosed();
  }

  void afterRoutersClosed() {}

  private static RouterStatus status(Router router) {
    return router.status().orTimeout(5, TimeUnit.SECONDS).join();
  }

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void threeRoutersInALineAgreeOnARootAndDeliverBothWays() {
    Router a = router(1);
    Router b = router(2);
    Router c = router(3);
    List<String> atA = new CopyOnWriteArrayList<>();
    a.setReceiver(
        (source, payload) ->
            atA.add(source.shortHex() + ":" + StandardCharsets.UTF_8.decode(payload)));
    OverlayDatagrams atC = c.openDatagrams(64);
    MemoryLink.connect(a, b);
    MemoryLink.connect(b, c);

    PublicKey highest =
        List.of(a, b, c).stream().map(Router::publicKey).max(PublicKey::compareTo).orElseThrow();
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              for (Router r : List.of(a, b, c)) {
                assertThat(status(r).root().publicKey()).isEqualTo(highest.toHex());
              }
            });
    assertThat(status(b).peers()).hasSize(2);
    assertThat(
            status(b).peers().stream()
                .map(RouterStatus.PeerStatus::port)
                .collect(Collectors.toList()))
        .containsExactly(1, 2);

    List<OverlayDatagrams.Datagram> gotC = new ArrayList<>();
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              a.send(c.publicKey(), utf8("a to c"));
              OverlayDatagrams.Datagram d = atC.poll();
              if (d != null) {
                gotC.add(d);
              }
              return !gotC.isEmpty();
            });
    assertThat(gotC.get(0).source()).isEqualTo(a.publicKey());
    assertThat(new String(gotC.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("a to c");

    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              atC.send(a.publicKey(), utf8("c to a"));
              return atA.contains(c.publicKey().shortHex() + ":c to a");
            });
  }

  @Test
  void closingARouterTakesItsPeeringsDownOnTheOtherSide() {
    Router a = router(1);
    Router b = router(2);
    List<String> downs = new CopyOnWriteArrayList<>();
    a.addListener(
        new RouterListener() {
          @Override
          public void onPeerDown(int port, PeerInfo info, String reason) {
            downs.add(port + " " + reason);
          }
        });
    MemoryLink.connect(a, b);
    await().atMost(DEADLINE).until(() -> status(a).peers().size() == 1);
    b.close();
    await().atMost(DEADLINE).until(() -> status(a).peers().isEmpty());
    assertThat(downs).containsExactly("1 remote closed: router closed");
    assertThat(status(a).parent()).isNull();
  }

  @Test
  void aFullRingRefusesAndCountsInsteadOfBlocking() throws Exception {
    Router a = router(1, RouterConfig.defaults().withRingSize(4).withSnek(SnekConfig.defaults()));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.setReceiver(
        (source, payload) -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS); // holds the router thread
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      assertThat(a.send(a.publicKey(), utf8("block"))).isTrue();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      int refused = 0;
      for (int i = 0; i < 10; i++) {
        if (!a.send(a.publicKey(), utf8("x" + i))) {
          refused++;
        }
      }
      // 4 slots, one still held by the event being handled: 3 accepted, 7 refused.
      assertThat(refused).isEqualTo(7);
      assertThat(a.dropCount(DropReason.RING_FULL)).isEqualTo(7);
      assertThat(a.status()).isCompletedExceptionally();
    } finally {
      release.countDown();
    }
    await().atMost(DEADLINE).until(() -> status(a) != null);
  }
}
