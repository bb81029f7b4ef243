package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.scenario.ChurnSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each churn type, in each liveness mode: churn runs from 20 s to 50 s, then the network must be
 * converged again and deliver every probe sent from 115 s on. The wait is the coordinate cache's
 * one-minute lifetime: a source may keep tree-routing on coordinates cached before the churn, and
 * the core does not always recover such a packet (see docs/SIMULATOR.md, "Known findings").
 */
class ChurnRecoverySimTest {
  @ParameterizedTest
  @CsvSource({
    "'flap:rate=0.5,down=4s,start=20s,stop=50s', INSTANT, 21",
    "'flap:rate=0.5,down=4s,start=20s,stop=50s', KEEPALIVE, 22",
    "'crash:rate=0.2,down=8s,start=20s,stop=50s', INSTANT, 23",
    "'crash:rate=0.2,down=8s,start=20s,stop=50s', KEEPALIVE, 24",
    "'partition:at=20s,heal=50s', INSTANT, 25",
    "'partition:at=20s,heal=50s,fraction=0.3', KEEPALIVE, 26"
  })
  void recoversFullDeliveryAfterChurn(
      String churn, SimNetwork.Liveness liveness, long defaultSeed) {
    long seed = Long.getLong("sim.seed", defaultSeed);
    SimulationConfig config =
        SimTestSupport.config(SimTestSupport.topology("sim-medium.txt"), "sim-medium", seed, 140)
            .withChurn(ChurnSpec.parseAll(churn))
            .withLiveness(liveness);
    SimulationResult r = Simulation.run(config, null);
    String why =
        churn + " " + liveness + " " + SimTestSupport.reproduce(seed) + " " + r.summaryJson();
    assertThat(r.events()).as(why).isNotEmpty();
    assertThat(r.convergedAtEnd()).as(why).isTrue();
    long[] after = r.delivery(115 * Durations.SECOND_NS);
    assertThat(after[0]).as(why).isGreaterThan(100);
    assertThat(after[1]).as(why).isEqualTo(after[0]);
    assertThat(r.events().get(r.events().size() - 1).recoveryNs())
        .as(why)
        .isGreaterThanOrEqualTo(0);
  }
}
