package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NetChecks;
import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.testing.Topologies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real topologies converge to the right root, coordinates and snake, and every pair delivers. */
class ConvergenceSimTest {
  static final long SECOND = 1_000_000_000L;

  /** Paths found before the snake settled expire within two bootstrap intervals. */
  static final long SETTLE_NS = 10 * SECOND + SECOND / 3;

  static Stream<Arguments> topologies() {
    return Stream.of(
        Arguments.of("sim.txt", Topologies.load("sim.txt")),
        Arguments.of("sim-medium.txt", Topologies.load("sim-medium.txt")),
        Arguments.of("grid4-0049.txt", Topologies.load("grid4-0049.txt")),
        Arguments.of("line-0050.txt", Topologies.load("line-0050.txt")),
        Arguments.of("rtree-0050.txt", Topologies.load("rtree-0050.txt")),
        Arguments.of("graph-250.txt", Topologies.load("graph-250.txt")),
        Arguments.of("star-40", Topologies.star(40)),
        Arguments.of("tree-60", Topologies.randomTree(60, 7)),
        Arguments.of("random-80", Topologies.randomConnected(80, 60, 11)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void convergesAndDeliversEveryPair(String name, Topologies.Graph graph) {
    long seed = name.hashCode();
    SnekNet net = new SnekNet(seed);
    Topologies.build(net, graph);
    long took = NetChecks.runUntilConverged(net, 300 * SECOND);

    assertThat(NetChecks.allViolations(net)).as("%s, reproduce with seed %d", name, seed).isEmpty();
    System.out.printf("%s converged in %.1f s of virtual time%n", name, took / 1e9);
    net.runFor(SETTLE_NS);
    assertAllPairsDeliver(net, name);
  }

  /**
   * Every pair in a component delivers. SNEK paths chain through other nodes' snake paths, so a
   * small share of routes is always being replaced (docs/ROUTING.md, "Route churn"); a first probe
   * lost to a route expiring in flight is retried once, as a ping would. The first-attempt ratio is
   * asserted separately so a regression there still fails.
   */
  static void assertAllPairsDeliver(SnekNet net, String name) {
    List<int[]> pairs = new ArrayList<>();
    for (int a = 0; a < net.size(); a++) {
      for (int b = 0; b < net.size(); b++) {
        if (a != b && !net.isDown(a) && !net.isDown(b) && sameComponent(net, a, b)) {
          pairs.add(new int[] {a, b});
        }
      }
    }
    List<int[]> lost = probe(net, pairs);
    double firstRatio = 1.0 - (double) lost.size() / pairs.size();
    System.out.printf(
        "%s: %d pairs, first-attempt delivery %.5f (%d lost)%n",
        name, pairs.size(), firstRatio, lost.size());
    assertThat(firstRatio)
        .as("%s first-attempt delivery, drops %s, seed %d", name, dropSummary(net), net.seed())
        .isGreaterThanOrEqualTo(FIRST_ATTEMPT_MIN);
    List<int[]> lostTwice = probe(net, lost);
    assertThat(lostTwice)
        .as("%s pairs lost twice, seed %d", name, net.seed())
        .extracting(p -> p[0] + "->" + p[1])
        .isEmpty();
  }

  static final double FIRST_ATTEMPT_MIN = 0.99;

  /** Sends one probe per pair, runs five seconds, and returns the pairs whose probe was lost. */
  static List<int[]> probe(SnekNet net, List<int[]> pairs) {
    int n = net.size();
    int[] before = new int[n];
    for (int i = 0; i < n; i++) {
      before[i] = net.received(i).size();
    }
    for (int[] pair : pairs) {
      byte[] payload = ByteBuffer.allocate(8).putInt(pair[0]).putInt(pair[1]).array();
      assertThat(net.send(pair[0], pair[1], payload)).isEqualTo(SendResult.QUEUED);
    }
    net.runFor(5 * SECOND);
    java.util.Set<Long> delivered = new java.util.HashSet<>();
    for (int b = 0; b < n; b++) {
      for (SnekNet.Received r : net.received(b).subList(before[b], net.received(b).size())) {
        ByteBuffer p = ByteBuffer.wrap(r.payload());
        int from = p.getInt();
        int to = p.getInt();
        assertThat(to).as("delivered to the right node").isEqualTo(b);
        assertThat(r.source()).isEqualTo(net.node(from).publicKey());
        delivered.add((long) from * n + to);
      }
    }
    List<int[]> lost = new ArrayList<>();
    for (int[] pair : pairs) {
      if (!delivered.contains((long) pair[0] * n + pair[1])) {
        lost.add(pair);
      }
    }
    return lost;
  }

  static void assertAllPairsDeliverQuiet(SnekNet net) {
    try {
      assertAllPairsDeliver(net, "debug");
    } catch (AssertionError e) {
      System.out.println(e.getMessage());
    }
  }

  static String dropSummary(SnekNet net) {
    StringBuilder sb = new StringBuilder();
    for (FrameVerdict v : FrameVerdict.values()) {
      long c = 0;
      for (int i = 0; i < net.size(); i++) {
        c += net.node(i).counters().verdicts(v);
      }
      if (c > 0 && v.dropped()) {
        sb.append(v).append('=').append(c).append(' ');
      }
    }
    return sb.toString();
  }

  static boolean sameComponent(SnekNet net, int a, int b) {
    for (List<Integer> c : NetChecks.components(net)) {
      if (c.contains(a)) {
        return c.contains(b);
      }
    }
    return false;
  }
}
