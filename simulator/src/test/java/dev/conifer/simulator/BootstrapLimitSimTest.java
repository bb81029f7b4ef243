package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.topology.Topology;
import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import org.junit.jupiter.api.Test;

/**
 * The 10,000-node bootstrap limit finding in miniature (docs/SIMULATOR.md, "The bootstrap limit at
 * 10,000 nodes"): two stars joined at their hubs, where the hub link carries every bootstrap whose
 * successor sits on the other side, and a per-peer bootstrap limit of 2 a second, far below that
 * load, stands in for the default 64 a second at 10,000 nodes. Refreshes of known paths skip the
 * limit, so the network converges and stays converged; new paths are still limited (the run counts
 * rate-limited bootstraps while it starts).
 */
class BootstrapLimitSimTest {
  @Test
  void aHubLinkAboveThePerPeerLimitStillConvergesAndStaysConverged() {
    Topology t = new Topology();
    for (int i = 0; i < 15; i++) {
      t.addEdge("hubA", "a" + i);
      t.addEdge("hubB", "b" + i);
    }
    t.addEdge("hubA", "hubB");
    SnekConfig d = SnekConfig.defaults();
    SnekConfig lowLimit =
        new SnekConfig(
            d.hopLimiting(),
            d.portCountMax(),
            d.routeCountMax(),
            d.coordsCacheCountMax(),
            d.broadcastsEnabled(),
            d.timerJitterNs(),
            2,
            d.broadcastPerPeerPerSecondMax(),
            d.nearestDelivery());
    long seed = Long.getLong("sim.seed", 1);
    SimulationResult r =
        Simulation.run(
            SimTestSupport.config(t, "two stars", seed, 70).withSnekConfig(lowLimit), null);
    String why = SimTestSupport.reproduce(seed) + " " + r.summaryJson();
    assertThat(r.verdicts.total(FrameVerdict.DROPPED_RATE_LIMITED)).as(why).isPositive();
    assertThat(r.convergedAtEnd()).as(why).isTrue();
    assertThat(r.convergenceLossesWithoutEvent()).as(why).isZero();
    assertThat(r.lostAfterConvergence()).as(why).isEmpty();
  }
}
