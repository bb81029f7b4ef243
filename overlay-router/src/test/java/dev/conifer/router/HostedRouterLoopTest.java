package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.wire.FrameType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is particular to a router hosted on someone else's thread. */
@Timeout(60)
class HostedRouterLoopTest {
  private final SingleThreadRouterExecutor executor = new SingleThreadRouterExecutor("host");
  private final Router router =
      Router.start(
          RouterConfig.defaults(),
          RouterCoreTest.signer(1),
          System::nanoTime,
          System::currentTimeMillis,
          new SimpleMeterRegistry(),
          1,
          executor);

  @AfterEach
  void close() {
    router.close();
    executor.close();
  }

  @Test
  void anEventOnTheHostThreadIsHandledBeforeTheCallReturns() throws Exception {
    CompletableFuture<RouterStatus> onHost = executor.call(router::status);
    assertThat(onHost).isCompleted(); // inline: no ring, no hop to another thread
    assertThat(onHost.join().peers()).isEmpty();
    assertThat(router.status().get(10, TimeUnit.SECONDS).peers()).isEmpty(); // via the ring
  }

  @Test
  void timersRunWithNoOtherEvents() throws Exception {
    FakeLink link = new FakeLink();
    PeerInfo info = new PeerInfo(RouterCoreTest.signer(2).publicKey(), PeerType.REMOTE, "", "x");
    executor.call(() -> router.attach(info, link));
    // Nothing else happens: only the hosted loop's own timer can send the 3 s keepalive.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> executor.call(() -> link.types().contains(FrameType.KEEPALIVE.code())));
    assertThat(executor.call(() -> link.flushCount)).isPositive();
  }

  @Test
  void aReceiverThatSendsFromTheHostThreadIsServedAfterItReturns() {
    List<String> got = new CopyOnWriteArrayList<>();
    router.setReceiver(
        (source, payload) -> {
          int n = payload.get(0);
          got.add(Thread.currentThread().getName() + ":" + n);
          if (n < 3) {
            router.send(router.publicKey(), ByteBuffer.wrap(new byte[] {(byte) (n + 1)}));
          }
        });
    router.send(router.publicKey(), ByteBuffer.wrap(new byte[] {1}));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
    assertThat(got).containsExactly("host:1", "host:2", "host:3");
  }

  @Test
  void aReceiverThatAlwaysSendsToItselfDoesNotStarveTheRouter() throws Exception {
    AtomicLong delivered = new AtomicLong();
    router.setReceiver(
        (source, payload) -> {
          delivered.incrementAndGet();
          router.send(router.publicKey(), ByteBuffer.wrap(new byte[] {1}));
        });
    router.send(router.publicKey(), ByteBuffer.wrap(new byte[] {1}));
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.get() > 5_000);
    // Still answering: the endless self-echo yields through the ring between bounded bursts.
    assertThat(router.status().get(10, TimeUnit.SECONDS).peers()).isEmpty();
    router.setReceiver(null);
  }

  @Test
  void closeAfterTheHostHasShutDownStillClosesLinks() throws Exception {
    FakeLink link = new FakeLink();
    PeerInfo info = new PeerInfo(RouterCoreTest.signer(2).publicKey(), PeerType.REMOTE, "", "x");
    executor.call(() -> router.attach(info, link));
    executor.close();
    router.close();
    assertThat(link.closeReason).isEqualTo("router closed");
  }
}
