package dev.conifer.router;

import static dev.conifer.router.FairTrafficQueueTest.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.KeepaliveFrame;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RouterCore driven directly: fake links, virtual time starting at 0, a real SNEK node. */
class RouterCoreTest {
  private static final long SEED = 7;
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final int KEEPALIVE = FrameType.KEEPALIVE.code();
  private static final int TRAFFIC = FrameType.TRAFFIC.code();
  private static final int ANNOUNCEMENT = FrameType.TREE_ANNOUNCEMENT.code();

  private SimpleMeterRegistry registry;
  private final List<String> events = new ArrayList<>();
  private final List<String> received = new ArrayList<>();
  private RouterConfig config;
  private PortAllocator ports;
  private RouterCore core;
  private long generation;

  static Signer signer(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return Ed25519.signerFromSeed(seed);
  }

  @BeforeEach
  void setUp() {
    start(
        RouterConfig.defaults()
            .withSnek(SnekConfig.defaults().withPortCountMax(4).withBroadcasts(false)));
  }

  private void start(RouterConfig routerConfig) {
    config = routerConfig;
    registry = new SimpleMeterRegistry();
    ports = new PortAllocator(config.snek().portCountMax());
    SnekNode snek =
        new SnekNode(config.snek(), signer(1), Ed25519.VERIFIER, 0, 1_700_000_000_000L, SEED);
    core = new RouterCore(config, snek, new RouterMetrics(registry), ports, SEED);
    core.addListener(
        new RouterListener() {
          @Override
          public void onPeerUp(int port, PeerInfo info) {
            events.add("up " + port);
          }

          @Override
          public void onPeerDown(int port, PeerInfo info, String reason) {
            events.add("down " + port + " " + reason);
          }

          @Override
          public void onInputLimited(
              int port, PeerInfo info, DropReason reason, long dropped, long readPauses) {
            events.add("limited " + port + " " + reason.tag() + " " + dropped);
          }
        });
    core.setReceiver(
        (source, payload) -> {
          byte[] bytes = new byte[payload.remaining()];
          payload.get(bytes);
          received.add(
              source.shortHex() + ":" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        });
  }

  /** Attaches a fresh fake link as the transport would: allocate a port, then hand it over. */
  private int attach(long nowNs, FakeLink link, int peerSeed) {
    int port = ports.allocate();
    if (port == PortAllocator.NO_PORT) {
      return port;
    }
    PeerInfo info =
        new PeerInfo(signer(peerSeed).publicKey(), PeerType.REMOTE, "", "mem://" + peerSeed);
    core.attach(nowNs, port, ++generation, info, link);
    core.doWork(nowNs);
    return port;
  }

  private void frameFrom(long nowNs, int port, byte[] frame) {
    core.frame(nowNs, port, core.peer(port).generation, ByteBuffer.wrap(frame));
    core.doWork(nowNs);
  }

  private double drops(String reason) {
    FunctionCounter counter =
        registry.find("conifer.drops").tag("reason", reason).functionCounter();
    return counter == null ? -1 : counter.count();
  }

  @Test
  void portsAreTheLowestFreeAndReusedAfterClose() {
    FakeLink[] links = new FakeLink[5];
    for (int i = 0; i < 4; i++) {
      links[i] = new FakeLink();
      assertThat(attach(0, links[i], 10 + i)).isEqualTo(i + 1);
    }
    assertThat(attach(0, new FakeLink(), 20)).isEqualTo(PortAllocator.NO_PORT);

    core.closed(MS, 2, core.peer(2).generation, "EOF");
    core.closed(MS, 3, core.peer(3).generation, "EOF");
    assertThat(core.peerCount()).isEqualTo(2);
    links[4] = new FakeLink();
    assertThat(attach(2 * MS, links[4], 30)).isEqualTo(2);
    assertThat(attach(2 * MS, new FakeLink(), 31)).isEqualTo(3);
    assertThat(events)
        .containsSubsequence("up 1", "up 4", "down 2 EOF", "down 3 EOF", "up 2", "up 3");
  }

  @Test
  void announcesItselfToANewPeerAndFlushesOncePerDrain() {
    FakeLink link = new FakeLink();
    attach(0, link, 2);
    assertThat(link.types()).startsWith(ANNOUNCEMENT);
    assertThat(link.flushCount).isEqualTo(1);
    assertThat(registry.get("conifer.peers").gauge().value()).isEqualTo(1);
  }

  @Test
  void staleHandlesCannotTouchAPeeringThatReusedTheirPort() {
    FakeLink first = new FakeLink();
    int port = attach(0, first, 2);
    long oldGeneration = core.peer(port).generation;
    core.closed(MS, port, oldGeneration, "EOF");
    FakeLink second = new FakeLink();
    assertThat(attach(MS, second, 3)).isEqualTo(port);

    core.closed(2 * MS, port, oldGeneration, "late close from the old handle");
    core.frame(
        2 * MS, port, oldGeneration, ByteBuffer.wrap(FrameCodec.encode(KeepaliveFrame.INSTANCE)));
    assertThat(second.isClosed()).isFalse();
    assertThat(core.peer(port).link).isSameAs(second);
    assertThat(drops("peer_gone")).isEqualTo(1);
  }

  @Test
  void writesProtocolFramesBeforeQueuedTraffic() {
    FakeLink link = new FakeLink();
    int port = attach(0, link, 2);
    link.written.clear();
    link.writable = false;
    for (int i = 0; i < 3; i++) {
      core.enqueue(port, traffic(1, 2, i, 8), true);
    }
    core.enqueue(port, FrameCodec.encode(KeepaliveFrame.INSTANCE), false);
    core.enqueue(port, FrameCodec.encode(KeepaliveFrame.INSTANCE), false);
    core.doWork(MS);
    assertThat(link.written).isEmpty();

    link.writable = true;
    core.writable(2 * MS, port, core.peer(port).generation);
    core.doWork(2 * MS);
    assertThat(link.types()).containsExactly(KEEPALIVE, KEEPALIVE, TRAFFIC, TRAFFIC, TRAFFIC);
  }

  @Test
  void boundsEveryQueueAndCountsDropsByReason() {
    start(
        RouterConfig.defaults()
            .withSnek(SnekConfig.defaults().withPortCountMax(4).withBroadcasts(false))
            .withProtocolQueue(4, 1 << 20)
            .withPeerQueue(6, 1 << 20)
            .withFlowQueues(254, 16, 3));
    FakeLink link = new FakeLink();
    int port = attach(0, link, 2);
    link.writable = false;
    for (int i = 0; i < 6; i++) {
      core.enqueue(port, FrameCodec.encode(KeepaliveFrame.INSTANCE), false);
    }
    assertThat(drops("protocol_queue_full")).isEqualTo(2);

    core.enqueue(port, traffic(9, 9, 0, 8), true); // sub-queue 0
    for (int i = 0; i < 5; i++) {
      core.enqueue(port, traffic(1, 2, i, 8), true); // one flow: 3 fit, 2 head drops
    }
    assertThat(drops("traffic_head_drop")).isEqualTo(2);
    assertThat(core.peer(port).trafficQueue.frameCount()).isEqualTo(4);

    core.enqueue(7, traffic(1, 2, 0, 8), true);
    assertThat(drops("no_peer_for_port")).isEqualTo(1);

    core.closed(MS, port, core.peer(port).generation, "EOF");
    assertThat(drops("peer_closed")).isEqualTo(8); // 4 protocol + 4 traffic discarded
  }

  @Test
  void sendsAKeepaliveOnlyAfterThreeSecondsWithoutWriting() {
    FakeLink link = new FakeLink();
    int port = attach(0, link, 2);
    List<Long> writeTimes = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    int seen = 0;
    for (long now = 0; now <= 4_500 * MS; now += 10 * MS) {
      if (now % SECOND == 0 && now > 0) {
        frameFrom(now, port, FrameCodec.encode(KeepaliveFrame.INSTANCE)); // keep reads alive
      }
      core.doWork(now);
      for (; seen < link.written.size(); seen++) {
        writeTimes.add(now);
        types.add(link.written.get(seen)[5] & 0xFF);
      }
    }
    int first = types.indexOf(KEEPALIVE);
    assertThat(first).as("a keepalive was sent: %s at %s", types, writeTimes).isPositive();
    assertThat(writeTimes.get(first) - writeTimes.get(first - 1)).isEqualTo(3 * SECOND);
    for (int i = 1; i < writeTimes.size(); i++) {
      assertThat(writeTimes.get(i) - writeTimes.get(i - 1)).isLessThanOrEqualTo(3 * SECOND);
    }
    assertThat(link.isClosed()).isFalse();
  }

  @Test
  void closesAPeerThatSentNothingForFiveSeconds() {
    FakeLink quiet = new FakeLink();
    FakeLink chatty = new FakeLink();
    int quietPort = attach(0, quiet, 2);
    int chattyPort = attach(0, chatty, 3);
    for (long now = 0; now < 6 * SECOND + 1; now += 100 * MS) {
      if (now == SECOND) {
        frameFrom(now, quietPort, FrameCodec.encode(KeepaliveFrame.INSTANCE)); // its last frame
      }
      if (now % SECOND == 0) {
        frameFrom(now, chattyPort, FrameCodec.encode(KeepaliveFrame.INSTANCE));
      }
      core.doWork(now);
      if (now < 6 * SECOND) {
        assertThat(quiet.isClosed()).as("open at %d ms", now / MS).isFalse();
      }
    }
    assertThat(quiet.closeReason).startsWith("read timeout");
    assertThat(core.peer(quietPort)).isNull();
    assertThat(chatty.isClosed()).isFalse();
    assertThat(events).contains("down " + quietPort + " " + quiet.closeReason);
    assertThat(ports.allocate()).isEqualTo(quietPort);
  }

  @Test
  void aKeepaliveFloodIsCutToTheLimitAndCountedWhileThePeerStaysUp() {
    FakeLink flooder = new FakeLink();
    int port = attach(0, flooder, 2);
    byte[] keepalive = FrameCodec.encode(KeepaliveFrame.INSTANCE);
    int flood = 1_000;
    for (int i = 0; i < flood; i++) {
      core.frame(MS, port, core.peer(port).generation, ByteBuffer.wrap(keepalive));
    }
    assertThat(drops("keepalive_rate_limited")).isEqualTo(flood - InputLimits.BURST);
    // Told once (a log line), not per frame.
    assertThat(events).containsOnlyOnce("limited " + port + " keepalive_rate_limited 1");
    // Its reads are paused once the drops pass the threshold, and not again within the pause.
    assertThat(flooder.readPauses).containsExactly(InputLimits.PAUSE_NS);
    // Dropped keepalives still count as signs of life: keep flooding past the read timeout.
    for (long now = 2 * MS; now < 8 * SECOND; now += 10 * MS) {
      frameFrom(now, port, keepalive);
    }
    assertThat(flooder.isClosed()).isFalse();
    double dropped = drops("keepalive_rate_limited");
    // One per 100 ms is taken again once the burst is spent: 10 ms apart, 9 of 10 are dropped.
    assertThat(dropped - (flood - InputLimits.BURST)).isBetween(700.0, 800.0);
    // 9 drops per 100 ms: a pause every other 100 ms or so, never more often than one per pause.
    assertThat(flooder.readPauses.size() - 1).isBetween(30, 45);
  }

  @Test
  void anHonestPeersKeepalivesAreNeverLimited() {
    FakeLink honest = new FakeLink();
    int port = attach(0, honest, 2);
    byte[] keepalive = FrameCodec.encode(KeepaliveFrame.INSTANCE);
    for (long now = 0; now < 60 * SECOND; now += SECOND) {
      frameFrom(now, port, keepalive);
    }
    assertThat(drops("keepalive_rate_limited")).isZero();
    assertThat(honest.readPauses).isEmpty();
  }

  @Test
  void aMalformedFrameClosesOnlyThatLink() {
    FakeLink bad = new FakeLink();
    FakeLink good = new FakeLink();
    int badPort = attach(0, bad, 2);
    int goodPort = attach(0, good, 3);
    byte[] frame = traffic(2, 1, 0, 8);
    frame[11]++; // payload length no longer matches the frame length
    frameFrom(MS, badPort, frame);

    assertThat(bad.closeReason).contains("MALFORMED").contains("PAYLOAD_LENGTH_MISMATCH");
    assertThat(core.peer(badPort)).isNull();
    assertThat(good.isClosed()).isFalse();
    assertThat(core.peer(goodPort)).isNotNull();
    assertThat(drops("malformed")).isEqualTo(1);
    assertThat(events).contains("down " + badPort + " " + bad.closeReason);
  }

  @Test
  void deliversPayloadsAddressedToItselfToTheReceiver() {
    PublicKey self = core.publicKey();
    boolean accepted =
        core.send(
            MS, self, ByteBuffer.wrap("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(accepted).isTrue();
    assertThat(received).containsExactly(self.shortHex() + ":hi");

    assertThat(core.send(MS, signer(9).publicKey(), ByteBuffer.allocate(4))).isFalse();
    assertThat(drops("send_no_route")).isEqualTo(1);
  }

  @Test
  void countsFramesAndBytesPerPeerAndRemovesPeerMetersOnClose() {
    FakeLink link = new FakeLink();
    int port = attach(0, link, 2);
    frameFrom(MS, port, FrameCodec.encode(KeepaliveFrame.INSTANCE));
    assertThat(registry.get("conifer.frames.in").tag("type", "keepalive").functionCounter().count())
        .isEqualTo(1);
    String key = core.peer(port).info.publicKey().shortHex();
    assertThat(
            registry
                .get("conifer.peer.bytes.in")
                .tag("key", key)
                .tag("uri_class", PeerMeters.uriClass(core.peer(port).info))
                .functionCounter()
                .count())
        .isEqualTo(10);
    assertThat(
            registry
                .get("conifer.frames.out")
                .tag("type", "tree_announcement")
                .functionCounter()
                .count())
        .isEqualTo(1);
    core.closed(2 * MS, port, core.peer(port).generation, "EOF");
    assertThat(registry.find("conifer.peer.bytes.in").tag("key", key).functionCounter()).isNull();
  }

  @Test
  void closesALinkThatTookNothingForFiveSecondsWhileUnwritable() {
    FakeLink stuck = new FakeLink();
    int port = attach(0, stuck, 2); // the announcement is written at t=0
    stuck.writable = false;
    for (long now = 0; now <= 5 * SECOND; now += 100 * MS) {
      if (now % SECOND == 0) {
        frameFrom(now, port, FrameCodec.encode(KeepaliveFrame.INSTANCE)); // reads stay alive
      }
      core.doWork(now);
      if (now < 5 * SECOND) {
        assertThat(stuck.isClosed()).as("open at %d ms", now / MS).isFalse();
      }
    }
    assertThat(stuck.closeReason).startsWith("write stalled");
    assertThat(core.peer(port)).isNull();
  }

  @Test
  void aThrowingListenerOrReceiverIsCountedAndDoesNotStopTheRouter() {
    List<Throwable> errors = new ArrayList<>();
    core.addListener(
        new RouterListener() {
          @Override
          public void onPeerUp(int port, PeerInfo info) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onInternalError(Throwable error) {
            errors.add(error);
          }
        });
    core.setReceiver(
        (source, payload) -> {
          throw new IllegalStateException("receiver bug");
        });
    FakeLink link = new FakeLink();
    attach(0, link, 2);
    core.send(MS, core.publicKey(), ByteBuffer.allocate(1));
    assertThat(events).contains("up 1"); // the other listener still ran
    assertThat(link.types()).startsWith(ANNOUNCEMENT);
    assertThat(errors).extracting(Throwable::getMessage).containsExactly("receiver bug");
    assertThat(registry.get("conifer.router.errors").functionCounter().count()).isEqualTo(2);
  }

  @Test
  void writesThroughToAWritableLinkSoABurstOfOneFlowIsNotHeadDropped() {
    FakeLink link = new FakeLink();
    int port = attach(0, link, 2);
    link.written.clear();
    int flushes = link.flushCount;
    for (int i = 0; i < 100; i++) {
      core.enqueue(port, traffic(1, 2, i, 8), true); // one flow, far above its 16-frame sub-queue
    }
    core.doWork(MS);
    assertThat(link.written).hasSize(100);
    assertThat(link.flushCount).isEqualTo(flushes + 1);
    assertThat(drops("traffic_head_drop")).isZero();
    for (int i = 0; i < 100; i++) {
      assertThat(FairTrafficQueueTest.tag(link.written.get(i))).isEqualTo(i);
    }
  }
}
