package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a static topology the network converges and stays so, and then every sampled probe arrives (a
 * lost one is listed with its pair and the nodes that sent it on).
 */
class StaticDeliverySimTest {
  @ParameterizedTest
  @CsvSource({
    "sim.txt, 1",
    "sim.txt, 2",
    "grid4-0049.txt, 3",
    "rtree-0050.txt, 4",
    "line-0050.txt, 5",
    "sim-medium.txt, 6"
  })
  void convergesAndDeliversEverySampledProbe(String file, long defaultSeed) {
    long seed = Long.getLong("sim.seed", defaultSeed);
    SimulationResult r =
        Simulation.run(SimTestSupport.config(SimTestSupport.topology(file), file, seed, 90), null);
    String why = file + " " + SimTestSupport.reproduce(seed) + " " + r.summaryJson();
    assertThat(r.convergedAtEnd()).as(why).isTrue();
    assertThat(r.firstConvergedNs()).as(why).isGreaterThanOrEqualTo(0);
    assertThat(r.firstSettledNs()).as(why).isGreaterThanOrEqualTo(r.firstConvergedNs());
    assertThat(r.coordinatesCorrectAtEnd()).as(why).isEqualTo(r.liveNodeCount());
    long[] measured = r.delivery(r.measureFromNs());
    assertThat(measured[0]).as(why).isGreaterThan(100);
    assertThat(r.lostAfterConvergence()).as(why).isEmpty();
    assertThat(r.deliveryRatio()).as(why).isEqualTo(1.0);
    assertThat(r.convergenceLossesWithoutEvent()).as(why).isZero();
    // Exact link counts: nothing beats the BFS shortest path.
    assertThat(r.firstPacketStretch().min()).as(why).isGreaterThanOrEqualTo(1.0);
    assertThat(r.establishedStretch().min()).as(why).isGreaterThanOrEqualTo(1.0);
  }
}
