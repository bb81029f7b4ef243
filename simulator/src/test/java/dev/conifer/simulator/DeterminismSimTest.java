package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.model.LatencyModel;
import dev.conifer.simulator.scenario.ChurnSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same config and seed give a byte-identical summary, churn included. */
class DeterminismSimTest {
  private static SimulationConfig churny(long seed) {
    return SimTestSupport.config(SimTestSupport.topology("grid4-0049.txt"), "grid", seed, 40)
        .withChurn(
            ChurnSpec.parseAll(
                "flap:rate=0.5,down=3s,start=10s,stop=30s;crash:rate=0.2,down=5s,start=10s,stop=30s"))
        .withLinks(LatencyModel.parse("uniform:1ms:5ms"), 500_000, 0.001)
        .withLiveness(SimNetwork.Liveness.KEEPALIVE);
  }

  @Test
  void sameSeedGivesByteIdenticalSummaryAndSeries() {
    long seed = Long.getLong("sim.seed", 11);
    SimulationResult first = Simulation.run(churny(seed), null);
    SimulationResult second = Simulation.run(churny(seed), null);
    assertThat(second.summaryJson())
        .as(SimTestSupport.reproduce(seed))
        .isEqualTo(first.summaryJson());
    assertThat(SimulationOutputs.timeSeriesCsv(second))
        .isEqualTo(SimulationOutputs.timeSeriesCsv(first));
    assertThat(SimulationOutputs.eventsCsv(second)).isEqualTo(SimulationOutputs.eventsCsv(first));
    assertThat(first.events()).isNotEmpty();
  }

  @Test
  void anotherSeedGivesAnotherRun() {
    SimulationResult a = Simulation.run(churny(1), null);
    SimulationResult b = Simulation.run(churny(2), null);
    assertThat(a.summaryJson()).isNotEqualTo(b.summaryJson());
  }

  @Test
  void verificationModesOnlyChangeCost() {
    SimulationConfig base =
        SimTestSupport.config(SimTestSupport.topology("sim.txt"), "sim", 5, 20)
            .withChurn(List.of());
    String model = strip(Simulation.run(base, null).summaryJson());
    String ledger =
        strip(
            Simulation.run(base.withVerification(SimulationConfig.Verification.LEDGER), null)
                .summaryJson());
    String perNode =
        strip(
            Simulation.run(
                    base.withVerification(SimulationConfig.Verification.PER_NODE_CACHE), null)
                .summaryJson());
    assertThat(perNode).isEqualTo(ledger);
    assertThat(model).isEqualTo(ledger);
  }

  /** Drops the signature-check block, the only part that names the mode and its counters. */
  private static String strip(String json) {
    return json.replaceAll("\"signatureCheck\":\\{[^}]*\\},", "");
  }
}
