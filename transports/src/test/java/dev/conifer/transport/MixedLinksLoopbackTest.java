package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.PeerInfo;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.router.spi.Link;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.transport.quic.QuicPeering;
import dev.conifer.transport.testing.TestClocks;
import dev.conifer.transport.testing.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One pair of routers peered three times at once, over TCP, WebSocket and (when the native library
 * loads) QUIC. PROTOCOL.md §8.1(e) picks one peering for the traffic; when it drops, traffic moves
 * to another without loss of service.
 */
@Tag("loopback")
@Timeout(90)
class MixedLinksLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** Counts the traffic frames the router hands each link, by the link's scheme. */
  private static final class CountingLink implements Link {
    final Link delegate;
    final String scheme;
    final AtomicLong trafficFrames = new AtomicLong();

    CountingLink(Link delegate, String scheme) {
      this.delegate = delegate;
      this.scheme = scheme;
    }

    @Override
    public boolean isWritable() {
      return delegate.isWritable();
    }

    @Override
    public void write(java.nio.ByteBuffer frame) {
      if ((frame.get(frame.position() + FrameHeader.TYPE_OFFSET) & 0xFF)
          == FrameType.TRAFFIC.code()) {
        trafficFrames.incrementAndGet();
      }
      delegate.write(frame);
    }

    @Override
    public void flush() {
      delegate.flush();
    }

    @Override
    public void close(String reason) {
      delegate.close(reason);
    }
  }

  private Router router(Signer signer, long seed) {
    Router router =
        Router.start(
            RouterConfig.defaults(),
            signer,
            System::nanoTime,
            System::currentTimeMillis,
            new SimpleMeterRegistry(),
            seed);
    resources.add(router);
    return router;
  }

  @Test
  void trafficUsesOnePeeringAndMovesToAnotherWhenItDrops() throws Exception {
    Router a = router(TestKeys.A, 1);
    Router b = router(TestKeys.B, 2);
    Map<String, CountingLink> linksOfA = new ConcurrentHashMap<>();
    Transports ta =
        new Transports(
            (PeerInfo info, Link link) -> {
              CountingLink counting = new CountingLink(link, info.uri().split(":")[0]);
              linksOfA.put(counting.scheme, counting);
              return a.attach(info, counting);
            },
            TestKeys.A,
            Ed25519.VERIFIER,
            TransportConfig.defaults(),
            TestClocks.REAL);
    resources.add(ta);
    Transports tb = new Transports(b, TestKeys.B, TransportConfig.defaults(), TestClocks.REAL);
    resources.add(tb);
    Set<Integer> received = ConcurrentHashMap.newKeySet();
    b.setReceiver((source, payload) -> received.add(payload.getInt(payload.position())));

    List<String> schemes = new ArrayList<>(List.of("tcp", "ws"));
    if (QuicPeering.unavailableReason() == null) {
      schemes.add("quic");
    }
    for (String scheme : schemes) {
      int port =
          tb.listen(scheme + "://127.0.0.1:0" + (scheme.equals("ws") ? "/" : ""))
              .get(10, TimeUnit.SECONDS)
              .getPort();
      ta.connect(scheme + "://127.0.0.1:" + port + (scheme.equals("ws") ? "/" : ""))
          .get(10, TimeUnit.SECONDS);
    }
    await().atMost(WAIT).until(() -> a.status().get().peers().size() == schemes.size());

    int next = sendUntilDelivered(a, b, received, 0, 50);
    CountingLink first = onlyCarrier(linksOfA);

    first.close("test drops the preferred link");
    await().atMost(WAIT).until(() -> a.status().get().peers().size() == schemes.size() - 1);
    long before = first.trafficFrames.get();
    sendUntilDelivered(a, b, received, next, 50);
    assertThat(first.trafficFrames.get()).isEqualTo(before);
    CountingLink second = onlyCarrierAfter(linksOfA, first);
    assertThat(second).isNotSameAs(first);
    System.out.println(
        "mixed links: first carrier "
            + first.scheme
            + ", then "
            + second.scheme
            + " ("
            + describe(linksOfA)
            + ")");
  }

  /** Sends {@code count} numbered messages (resending the first until a route exists). */
  private static int sendUntilDelivered(
      Router a, Router b, Set<Integer> received, int from, int count) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              a.send(b.publicKey(), number(from));
              return received.contains(from);
            });
    for (int i = from + 1; i < from + count; i++) {
      a.send(b.publicKey(), number(i));
      int sent = i;
      await()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2))
          .until(() -> received.contains(sent));
    }
    return from + count;
  }

  private static ByteBuffer number(int i) {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.putInt(0, i);
    return b;
  }

  private static CountingLink onlyCarrier(Map<String, CountingLink> links) {
    CountingLink carrier = null;
    for (CountingLink link : links.values()) {
      if (link.trafficFrames.get() > 0) {
        assertThat(carrier).as("traffic on more than one peering: " + describe(links)).isNull();
        carrier = link;
      }
    }
    assertThat(carrier).as("no peering carried traffic").isNotNull();
    return carrier;
  }

  private static CountingLink onlyCarrierAfter(Map<String, CountingLink> links, CountingLink gone) {
    Map<String, CountingLink> rest = new ConcurrentHashMap<>(links);
    rest.remove(gone.scheme);
    return onlyCarrier(rest);
  }

  private static String describe(Map<String, CountingLink> links) {
    StringBuilder s = new StringBuilder();
    links.forEach((k, v) -> s.append(k).append('=').append(v.trafficFrames.get()).append(' '));
    return s.toString();
  }
}
