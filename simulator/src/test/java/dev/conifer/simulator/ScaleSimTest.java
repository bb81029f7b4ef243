package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.scenario.ChurnSpec;
import dev.conifer.simulator.topology.TopologyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The 10,000-node runs behind docs/PERFORMANCE.md ("Simulator"). Minutes long, so off by default:
 * {@code mvn -o -B test -pl simulator -Psim-scale -Dtest=ScaleSimTest}. The figures themselves come
 * from {@code conifer sim}, which prints wall time, events per second and heap on stderr.
 */
@EnabledIfSystemProperty(named = "sim.scale", matches = "true")
class ScaleSimTest {
  private static final String CHURN = "flap:rate=1,down=10s;crash:rate=0.2,down=30s";

  @Test
  void barabasiAlbertTenThousandNodesRecoverFromChurn() {
    long seed = Long.getLong("sim.seed", 1);
    SimulationConfig config =
        SimulationConfig.defaults(TopologyGenerator.generate("ba:10000:3", seed), "ba:10000:3")
            .withSeed(seed)
            .withDuration(300 * Durations.SECOND_NS)
            .withChurn(ChurnSpec.parseAll(CHURN));
    SimulationResult r = Simulation.run(config, null);
    System.out.println(r.summaryJson());
    String why = SimTestSupport.reproduce(seed);
    assertThat(r.firstConvergedNs()).as(why).isNotNegative();
    assertThat(r.convergedAtEnd()).as(why).isTrue();
  }
}
