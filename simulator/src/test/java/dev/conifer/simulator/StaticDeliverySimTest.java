package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.topology.Topology;
import dev.conifer.simulator.topology.TopologyGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a static topology the network converges, and from the moment it settled every sampled probe
 * arrives (a lost one is listed with its pair and the nodes that sent it on). The runs last past
 * the first wakeup-broadcast round (60 s plus up to 5 s of jitter). Larger graphs and more seeds:
 * {@link LargeDeliverySimTest}.
 */
class StaticDeliverySimTest {
  @ParameterizedTest
  @CsvSource({
    "sim.txt, 1",
    "sim.txt, 2",
    "grid4-0049.txt, 3",
    "rtree-0050.txt, 4",
    "line-0050.txt, 5",
    "sim-medium.txt, 6",
    "graph-250.txt, 7"
  })
  void sharedGraphConvergesAndDeliversEverySampledProbe(String file, long defaultSeed) {
    long seed = Long.getLong("sim.seed", defaultSeed);
    assertDeliversAfterSettling(SimTestSupport.topology(file), file, seed, 80);
  }

  /** Generated graphs, drawn from the seed (which also fixes keys and latencies). */
  @ParameterizedTest
  @CsvSource({"rr:100:4, 1", "rr:100:4, 2", "ba:100:3, 3", "ba:100:3, 4", "tree:100, 5"})
  void generatedGraphConvergesAndDeliversEverySampledProbe(String spec, long defaultSeed) {
    long seed = Long.getLong("sim.seed", defaultSeed);
    assertDeliversAfterSettling(TopologyGenerator.generate(spec, seed), spec, seed, 80);
  }

  static void assertDeliversAfterSettling(
      Topology topology, String label, long seed, long durationS) {
    SimulationResult r =
        Simulation.run(SimTestSupport.config(topology, label, seed, durationS), null);
    String why =
        label
            + " "
            + SimTestSupport.reproduce(seed)
            + " "
            + r.summaryJson()
            + "\n"
            + String.join("\n", r.convergenceLosses());
    assertThat(r.convergedAtEnd()).as(why).isTrue();
    assertThat(r.firstConvergedNs()).as(why).isGreaterThanOrEqualTo(0);
    assertThat(r.firstSettledNs()).as(why).isGreaterThanOrEqualTo(r.firstConvergedNs());
    assertThat(r.coordinatesCorrectAtEnd()).as(why).isEqualTo(r.liveNodeCount());
    long[] measured = r.delivery(r.measureFromNs());
    assertThat(measured[0]).as(why).isGreaterThan(100);
    assertThat(r.lostAfterConvergence()).as(why).isEmpty();
    assertThat(r.deliveryRatio()).as(why).isEqualTo(1.0);
    // Losses of convergence before settling are not failures: routes laid during start-up can
    // still lapse then (grid4-0049.txt, seed 3: converged at 27.0 s, lost at 27.8 s, as node 27,
    // not yet knowing 9, took 41's bootstraps of 20.7 and 25.7 s for itself, so 13's route to 41
    // dated from 15.7 s). After settling every route was laid while the network was converged.
    assertThat(r.convergenceLossesAfterSettling()).as(why).isZero();
    // Exact link counts: nothing beats the BFS shortest path.
    assertThat(r.firstPacketStretch().min()).as(why).isGreaterThanOrEqualTo(1.0);
    assertThat(r.establishedStretch().min()).as(why).isGreaterThanOrEqualTo(1.0);
  }
}
