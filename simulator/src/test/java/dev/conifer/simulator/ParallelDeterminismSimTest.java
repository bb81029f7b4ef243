package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.simulator.model.LatencyModel;
import dev.conifer.simulator.scenario.ChurnSpec;
import dev.conifer.simulator.topology.TopologyGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run on several threads is byte-identical to the same run on one: summary, time series, events
 * and losses, whatever the churn, liveness, loss and jitter. The partitions differ with the thread
 * count, so this also shows that nothing depends on how the nodes were split.
 */
class ParallelDeterminismSimTest {
  @Test
  void churnWithSilentFailuresLossAndJitterGivesTheSameRunOnTwoAndThreeThreads() {
    long seed = Long.getLong("sim.seed", 11);
    SimulationConfig config =
        SimTestSupport.config(SimTestSupport.topology("grid4-0049.txt"), "grid", seed, 40)
            .withChurn(
                ChurnSpec.parseAll(
                    "flap:rate=0.5,down=3s,start=10s,stop=30s;"
                        + "crash:rate=0.2,down=5s,start=10s,stop=30s"))
            .withLinks(LatencyModel.parse("uniform:1ms:5ms"), 500_000, 0.001)
            .withLiveness(SimNetwork.Liveness.KEEPALIVE);
    SimulationResult one = Simulation.run(config, null, 1, null);
    assertThat(one.events()).as(SimTestSupport.reproduce(seed)).isNotEmpty();
    assertSameRun(one, Simulation.run(config, null, 2, SimTestSupport.THREADS), seed);
    assertSameRun(one, Simulation.run(config, null, 3, SimTestSupport.THREADS), seed);
  }

  @Test
  void aPartitionThatHealsWithInstantLivenessGivesTheSameRunOnTwoThreads() {
    long seed = Long.getLong("sim.seed", 5);
    SimulationConfig config =
        SimTestSupport.config(TopologyGenerator.generate("ba:300:3", seed), "ba", seed, 30)
            .withChurn(ChurnSpec.parseAll("partition:at=10s,heal=18s,fraction=0.4"));
    SimulationResult one = Simulation.run(config, null, 1, null);
    assertThat(one.events()).as(SimTestSupport.reproduce(seed)).isNotEmpty();
    assertSameRun(one, Simulation.run(config, null, 2, SimTestSupport.THREADS), seed);
  }

  @Test
  void aScenarioThatAddsNodesAndPeersGivesTheSameRunOnTwoThreads() {
    SimulationConfig config =
        SimulationConfig.defaults(null, "scenario")
            .withScenario(SimTestSupport.scenario("example_alice_and_friends.json"))
            .withDuration(30 * Durations.SECOND_NS)
            .withProbes(10, Durations.SECOND_NS);
    assertSameRun(
        Simulation.run(config, null, 1, null),
        Simulation.run(config, null, 2, SimTestSupport.THREADS),
        1);
  }

  @Test
  void verificationThatSharesOneCacheBetweenNodesIsRefusedOnSeveralThreads() {
    SimulationConfig config =
        SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim", 5, 5)
            .withChurn(List.of())
            .withVerification(SimulationConfig.Verification.LEDGER);
    assertThatThrownBy(() -> Simulation.run(config, null, 2, SimTestSupport.THREADS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LEDGER")
        .hasMessageContaining("several threads");
  }

  @Test
  void linksWithoutLatencyAreRefusedOnSeveralThreads() {
    SimulationConfig config =
        SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim", 5, 5)
            .withChurn(List.of())
            .withLinks(LatencyModel.parse("fixed:0ms"), 0, 0);
    assertThatThrownBy(() -> Simulation.run(config, null, 2, SimTestSupport.THREADS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency above 0");
  }

  private static void assertSameRun(SimulationResult one, SimulationResult many, long seed) {
    String why = SimTestSupport.reproduce(seed);
    assertThat(many.summaryJson()).as(why).isEqualTo(one.summaryJson());
    assertThat(SimulationOutputs.timeSeriesCsv(many))
        .as(why)
        .isEqualTo(SimulationOutputs.timeSeriesCsv(one));
    assertThat(SimulationOutputs.eventsCsv(many))
        .as(why)
        .isEqualTo(SimulationOutputs.eventsCsv(one));
    assertThat(SimulationOutputs.lossesText(many))
        .as(why)
        .isEqualTo(SimulationOutputs.lossesText(one));
  }
}
