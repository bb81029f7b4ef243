package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conifer.simulator.scenario.ChurnSpec;
import org.junit.jupiter.api.Test;

/**
 * Silent failures are noticed only through the router's own 5 s read deadline, fed by its 3 s
 * keepalives; closed links are noticed at once. Both are the daemon's RouterCore, not a model.
 */
class KeepaliveLivenessSimTest {
  private static SimulationResult crashes(SimNetwork.Liveness liveness, long seed) {
    return Simulation.run(
        SimTestSupport.config(SimTestSupport.topology("grid4-0049.txt"), "grid", seed, 80)
            .withChurn(ChurnSpec.parseAll("crash:rate=0.1,down=15s,start=20s,stop=60s"))
            .withLiveness(liveness),
        null);
  }

  @Test
  void aCrashTakesAtLeastTwoSecondsToNoticeWithKeepalives() throws Exception {
    long seed = Long.getLong("sim.seed", 31);
    SimulationResult r = crashes(SimNetwork.Liveness.KEEPALIVE, seed);
    String why = SimTestSupport.reproduce(seed) + " " + r.summaryJson();
    int crashCount = 0;
    for (ChurnEvent e : r.events()) {
      if (e.kind().equals("crash") && e.recoveryNs() >= 0) {
        crashCount++;
        // The last frame heard is at most 3 s old (keepalive interval), the timeout is 5 s.
        assertThat(e.recoveryNs()).as(why).isGreaterThanOrEqualTo(2 * Durations.SECOND_NS);
      }
    }
    assertThat(crashCount).as(why).isPositive();
    JsonNode summary = new ObjectMapper().readTree(r.summaryJson());
    assertThat(summary.at("/overhead/totalBytes/keepalive").asLong()).as(why).isPositive();
    assertThat(summary.at("/frames/readTimeouts").asLong()).as(why).isPositive();
    assertThat(r.convergedAtEnd()).as(why).isTrue();
  }

  @Test
  void instantLivenessClosesAtOnceYetIdleLinksStillCarryKeepalives() throws Exception {
    SimulationResult r = crashes(SimNetwork.Liveness.INSTANT, 31);
    JsonNode summary = new ObjectMapper().readTree(r.summaryJson());
    assertThat(summary.at("/recovery/churnEvents").asInt()).isPositive();
    assertThat(summary.at("/frames/readTimeouts").asLong()).isZero();
    assertThat(summary.at("/overhead/totalBytes/keepalive").asLong()).isPositive();
  }
}
