package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.topology.TopologyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Greedy tree routing over a BFS tree: never shorter than BFS, never longer than the tree path. */
class IdealTreeStretchTest {
  private static Simulation started(String spec, long seed) {
    return Simulation.start(
        SimulationConfig.defaults(TopologyGenerator.generate(spec, seed), spec).withSeed(seed));
  }

  @Test
  void greedyHopsLieBetweenShortestPathAndTreePathOnRandomGraphs() {
    for (long seed = 1; seed <= 5; seed++) {
      Simulation sim = started("rr:60:3", seed);
      List<SimNode> nodes = sim.network.nodes;
      IdealTreeStretch ideal = IdealTreeStretch.of(nodes);
      int[] dist = new int[nodes.size()];
      int[] queue = new int[nodes.size()];
      for (SimNode s : nodes) {
        for (SimNode d : nodes) {
          if (s == d) {
            continue;
          }
          int shortest = Components.distance(nodes, s, d, dist, queue);
          int greedy = ideal.greedyHops(s, d);
          String why = s + " -> " + d + " " + SimTestSupport.reproduce(seed);
          assertThat(greedy).as(why).isBetween(shortest, ideal.treeDistance(s.index, d.index));
        }
      }
    }
  }

  @Test
  void onATreeGreedyRoutingIsTheShortestPath() {
    Simulation sim = started("tree:40", 3);
    List<SimNode> nodes = sim.network.nodes;
    IdealTreeStretch ideal = IdealTreeStretch.of(nodes);
    int[] dist = new int[nodes.size()];
    int[] queue = new int[nodes.size()];
    for (SimNode s : nodes) {
      for (SimNode d : nodes) {
        if (s != d) {
          assertThat(ideal.greedyHops(s, d))
              .isEqualTo(Components.distance(nodes, s, d, dist, queue));
        }
      }
    }
  }
}
