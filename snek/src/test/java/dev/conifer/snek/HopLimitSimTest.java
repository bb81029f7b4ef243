package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NetChecks;
import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.testing.Topologies;
import org.junit.jupiter.api.Test;

/** With hop limiting on, traffic originated with hop limit 10 crosses at most 9 links (§8.5). */
class HopLimitSimTest {
  private static SnekNet line(int nodes, boolean hopLimiting) {
    SnekNet net = new SnekNet(31, SnekConfig.defaults().withHopLimiting(hopLimiting));
    Topologies.build(net, Topologies.line(nodes));
    assertThat(NetChecks.runUntilConverged(net, 300_000_000_000L)).isNotNegative();
    net.runFor(10_000_000_000L);
    return net;
  }

  @Test
  void deliversAcrossNineLinks() {
    SnekNet net = line(10, true);
    net.send(0, 9, new byte[] {1});
    net.runFor(1_000_000_000L);
    assertThat(net.received(9)).hasSize(1);
  }

  @Test
  void dropsFrameWhenHopLimitReached() {
    SnekNet net = line(11, true);
    net.send(0, 10, new byte[] {1});
    net.runFor(1_000_000_000L);
    assertThat(net.received(10)).isEmpty();
    long hopLimitDrops = 0;
    for (int i = 0; i < net.size(); i++) {
      hopLimitDrops += net.node(i).counters().verdicts(FrameVerdict.DROPPED_HOP_LIMIT);
    }
    assertThat(hopLimitDrops).isEqualTo(1);
  }

  @Test
  void carriesTheHopLimitUnchangedWhenLimitingIsOff() {
    SnekNet net = line(11, false);
    net.send(0, 10, new byte[] {1});
    net.runFor(1_000_000_000L);
    assertThat(net.received(10)).hasSize(1);
  }
}
