package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NetChecks;
import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.testing.Topologies;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Traffic tagged with {@link RendezvousTag} and addressed to a key that is no node's lands at
 * exactly the node nearest to that key (the smallest key at or above it, or the root when the key
 * is above every node's); untagged traffic to such a key is still dropped as misdelivered.
 */
class NearestDeliverySimTest {
  static final long SECOND = 1_000_000_000L;
  static final int KEYS = 40;

  static Stream<Arguments> graphs() {
    return Stream.of(
        Arguments.of("random-30", Topologies.randomConnected(30, 20, 3), 31L),
        Arguments.of("random-50", Topologies.randomConnected(50, 40, 5), 57L),
        Arguments.of("tree-40", Topologies.randomTree(40, 9), 93L),
        Arguments.of("line-12", Topologies.line(12), 12L),
        Arguments.of("star-20", Topologies.star(20), 20L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void taggedTrafficToAnyKeyLandsAtTheNearestNode(String name, Topologies.Graph graph, long seed) {
    SnekNet net = converged(graph, seed);
    SeededRandom random = new SeededRandom(seed * 31 + 1);
    List<PublicKey> targets = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      targets.add(randomKey(random));
    }
    targets.add(PublicKey.EMPTY); // below every key
    targets.add(PublicKey.FULL_MASK); // above every key: the root takes it
    List<Integer> lost = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      int from = random.nextInt(net.size());
      Integer landed = sendAndFind(net, from, targets.get(i), i);
      if (landed == null) {
        lost.add(i); // a route replaced in flight (ROUTING.md, "Route churn"): retried below
        continue;
      }
      assertThat(landed)
          .as("%s: key %s from node %d, reproduce with seed %d", name, targets.get(i), from, seed)
          .isEqualTo(nearest(net, targets.get(i)));
    }
    assertThat(lost.size())
        .as("%s first-attempt losses, seed %d", name, seed)
        .isLessThanOrEqualTo(1);
    for (int i : lost) {
      assertThat(sendAndFind(net, random.nextInt(net.size()), targets.get(i), i))
          .as("%s: retry of key %s, seed %d", name, targets.get(i), seed)
          .isEqualTo(nearest(net, targets.get(i)));
    }
  }

  @Test
  void untaggedTrafficToAKeyThatIsNoNodesIsDroppedAsMisdelivered() {
    long seed = 77;
    SnekNet net = converged(Topologies.randomConnected(20, 10, 4), seed);
    SeededRandom random = new SeededRandom(seed);
    long before = verdicts(net, FrameVerdict.DROPPED_MISDELIVERED);
    int sent = 0;
    for (int i = 0; i < 20; i++) {
      int from = random.nextInt(net.size());
      if (net.sendToKey(from, randomKey(random), new byte[] {1, 2, 3}) == SendResult.QUEUED) {
        sent++; // the others were nearest at their origin and refused there
      }
    }
    net.runFor(2 * SECOND);
    assertThat(receivedCount(net)).as("seed %d", seed).isZero();
    assertThat(verdicts(net, FrameVerdict.DROPPED_MISDELIVERED) - before).isEqualTo(sent);
  }

  @Test
  void taggedTrafficIsDroppedWhenNearestDeliveryIsOff() {
    long seed = 78;
    SnekNet net = new SnekNet(seed, SnekConfig.defaults().withNearestDelivery(false));
    Topologies.build(net, Topologies.randomConnected(20, 10, 6));
    NetChecks.runUntilConverged(net, 300 * SECOND);
    net.runFor(10 * SECOND);
    SeededRandom random = new SeededRandom(seed);
    for (int i = 0; i < 20; i++) {
      net.sendToKey(random.nextInt(net.size()), randomKey(random), tagged(i));
    }
    net.runFor(2 * SECOND);
    assertThat(receivedCount(net)).as("seed %d", seed).isZero();
    assertThat(verdicts(net, FrameVerdict.DELIVERED_NEAREST)).isZero();
  }

  @Test
  void ordinaryDeliveryReportsTheReceiversOwnKeyAsDestination() {
    SnekNet net = converged(Topologies.line(4), 4);
    net.send(0, 3, new byte[] {9});
    net.runFor(2 * SECOND);
    assertThat(net.received(3)).hasSize(1);
    assertThat(net.received(3).get(0).destination()).isEqualTo(net.node(3).publicKey());
  }

  static SnekNet converged(Topologies.Graph graph, long seed) {
    SnekNet net = new SnekNet(seed);
    Topologies.build(net, graph);
    NetChecks.runUntilConverged(net, 300 * SECOND);
    assertThat(NetChecks.allViolations(net)).as("reproduce with seed %d", seed).isEmpty();
    net.runFor(10 * SECOND + SECOND / 3); // paths found before the snake settled expire
    return net;
  }

  /** Sends one tagged probe and returns the node it was delivered to, or null if it was lost. */
  static Integer sendAndFind(SnekNet net, int from, PublicKey key, int probe) {
    int[] before = new int[net.size()];
    for (int n = 0; n < net.size(); n++) {
      before[n] = net.received(n).size();
    }
    SendResult result = net.sendToKey(from, key, tagged(probe));
    assertThat(result).isIn(SendResult.QUEUED, SendResult.DELIVERED_LOCALLY);
    net.runFor(2 * SECOND);
    Integer landed = null;
    for (int n = 0; n < net.size(); n++) {
      for (SnekNet.Received r : net.received(n).subList(before[n], net.received(n).size())) {
        assertThat(landed).as("probe %d delivered twice", probe).isNull();
        assertThat(r.destination()).isEqualTo(key);
        assertThat(r.source()).isEqualTo(net.node(from).publicKey());
        assertThat(ByteBuffer.wrap(r.payload()).getInt(RendezvousTag.LENGTH)).isEqualTo(probe);
        landed = n;
      }
    }
    return landed;
  }

  /** The smallest node key at or above {@code key}; the highest key if none is. */
  static int nearest(SnekNet net, PublicKey key) {
    int best = -1;
    int highest = 0;
    for (int n = 0; n < net.size(); n++) {
      PublicKey k = net.node(n).publicKey();
      if (k.compareTo(net.node(highest).publicKey()) > 0) {
        highest = n;
      }
      if (k.compareTo(key) >= 0 && (best < 0 || k.compareTo(net.node(best).publicKey()) < 0)) {
        best = n;
      }
    }
    return best >= 0 ? best : highest;
  }

  static byte[] tagged(int probe) {
    return ByteBuffer.allocate(RendezvousTag.LENGTH + 4)
        .put(RendezvousTag.MAGIC)
        .put(RendezvousTag.VERSION)
        .putInt(probe)
        .array();
  }

  static PublicKey randomKey(SeededRandom random) {
    return PublicKey.ofWords(
        random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  static int receivedCount(SnekNet net) {
    int c = 0;
    for (int n = 0; n < net.size(); n++) {
      c += net.received(n).size();
    }
    return c;
  }

  static long verdicts(SnekNet net, FrameVerdict verdict) {
    long c = 0;
    for (int n = 0; n < net.size(); n++) {
      c += net.node(n).counters().verdicts(verdict);
    }
    return c;
  }
}
