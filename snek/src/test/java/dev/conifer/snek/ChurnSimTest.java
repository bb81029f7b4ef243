package dev.conifer.snek;

import static dev.conifer.snek.ConvergenceSimTest.SECOND;
import static dev.conifer.snek.ConvergenceSimTest.SETTLE_NS;
import static dev.conifer.snek.ConvergenceSimTest.assertAllPairsDeliver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NetChecks;
import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.testing.Topologies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After links and nodes go, and after a partition heals, every connected pair delivers again. */
class ChurnSimTest {
  private static final long BUDGET_NS = 300 * SECOND;

  private SnekNet converged(long seed) {
    SnekNet net = new SnekNet(seed);
    Topologies.build(net, Topologies.load("sim-medium.txt"));
    assertConverged(net, "initial");
    return net;
  }

  private static void assertConverged(SnekNet net, String phase) {
    long took = NetChecks.runUntilConverged(net, BUDGET_NS);
    assertThat(NetChecks.allViolations(net))
        .as("%s, reproduce with seed %d", phase, net.seed())
        .isEmpty();
    System.out.printf("%s: converged in %.1f s%n", phase, took / 1e9);
    net.runFor(SETTLE_NS);
  }

  @Test
  void recoversAfterLinksAreRemoved() {
    SnekNet net = converged(21);
    int removed = 0;
    for (int a = 0; a < net.size() && removed < 5; a++) {
      for (int b : net.neighbours(a)) {
        if (a < b && net.neighbours(a).size() > 1 && net.neighbours(b).size() > 1) {
          net.unlink(a, b);
          removed++;
          break;
        }
      }
    }
    assertConverged(net, "after removing " + removed + " links");
    assertAllPairsDeliver(net, "links removed");
  }

  @Test
  void recoversAfterTheRootAndAnotherNodeCrash() {
    SnekNet net = converged(22);
    int root = NetChecks.indexOf(net, net.node(0).root().key());
    net.removeNode(root);
    net.removeNode(root == 5 ? 6 : 5);
    assertConverged(net, "after crashing the root and one more node");
    for (int i = 0; i < net.size(); i++) {
      if (!net.isDown(i)) {
        assertThat(net.node(i).root().key()).isNotEqualTo(net.node(root).publicKey());
      }
    }
    assertAllPairsDeliver(net, "nodes crashed");
  }

  @Test
  void recoversAfterAPartitionHeals() {
    SnekNet net = converged(23);
    int half = net.size() / 2;
    List<int[]> cut = new ArrayList<>();
    for (int a = 0; a < half; a++) {
      for (int b : net.neighbours(a)) {
        if (b >= half) {
          cut.add(new int[] {a, b});
        }
      }
    }
    for (int[] e : cut) {
      net.unlink(e[0], e[1]);
    }
    assertThat(NetChecks.components(net)).hasSizeGreaterThan(1);
    assertConverged(net, "partitioned into " + NetChecks.components(net).size() + " components");
    assertAllPairsDeliver(net, "partitioned");

    for (int[] e : cut) {
      net.link(e[0], e[1]);
    }
    assertThat(NetChecks.components(net)).hasSize(1);
    assertConverged(net, "healed");
    assertAllPairsDeliver(net, "healed");
  }
}
