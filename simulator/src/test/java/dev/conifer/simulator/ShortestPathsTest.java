package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.model.SimRandom;
import dev.conifer.simulator.topology.TopologyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two-sided search gives the one-sided BFS answer for every pair, also with links down, and
 * again after more links go down under a new topology version.
 */
class ShortestPathsTest {
  @Test
  void equalsPlainBreadthFirstSearchOnEveryPair() {
    String[] specs = {"rr:80:3", "ba:80:2", "line:30", "grid:8:8", "tree:60"};
    for (long seed = 1; seed <= 3; seed++) {
      for (String spec : specs) {
        Simulation sim =
            Simulation.start(
                SimulationConfig.defaults(TopologyGenerator.generate(spec, seed), spec)
                    .withSeed(seed));
        List<SimNode> nodes = sim.network.nodes;
        SimRandom random = SimRandom.stream(seed, "test:cut");
        ShortestPaths paths = new ShortestPaths();
        for (int round = 0; round < 2; round++) {
          for (SimLink link : sim.network.links) {
            if (random.nextInt(6) == 0) {
              link.connected = false; // some pairs end up in different components
            }
          }
          sim.network.topologyVersion++; // the second round: the copied links must be redone
          assertEveryPair(paths, nodes, sim.network.topologyVersion, spec, seed);
        }
      }
    }
  }

  private static void assertEveryPair(
      ShortestPaths paths, List<SimNode> nodes, long version, String spec, long seed) {
    int[] dist = new int[nodes.size()];
    int[] queue = new int[nodes.size()];
    for (SimNode s : nodes) {
      for (SimNode d : nodes) {
        assertThat(paths.distance(nodes, version, s, d))
            .as("%s %s -> %s %s", spec, s, d, SimTestSupport.reproduce(seed))
            .isEqualTo(Components.distance(nodes, s, d, dist, queue));
      }
    }
  }
}
