package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.testing.Topologies;
import dev.conifer.snek.wire.FrameType;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The same seed gives the same converged state, bit for bit. */
class DeterminismSimTest {
  @Test
  void sameSeedGivesTheSameStateTwice() throws Exception {
    assertThat(run(99)).isEqualTo(run(99));
    assertThat(run(99)).as("a different seed gives a different run").isNotEqualTo(run(100));
  }

  private static String run(long seed) throws Exception {
    SnekNet net = new SnekNet(seed);
    Topologies.build(net, Topologies.randomConnected(60, 40, 5));
    net.runFor(40_000_000_000L);
    for (int i = 0; i < 200; i++) {
      net.send(i % 60, (i * 7 + 3) % 60, new byte[] {(byte) i});
    }
    net.runFor(5_000_000_000L);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < net.size(); i++) {
      SnekNode n = net.node(i);
      StringBuilder sb = new StringBuilder();
      sb.append(n.root()).append(n.coordinates()).append(n.parentPort()).append(n.descending());
      for (RouteEntry e : n.routes()) {
        sb.append(e);
      }
      for (FrameType t : FrameType.values()) {
        sb.append(n.counters().framesOut(t)).append(',').append(n.counters().bytesOut(t));
      }
      sb.append(net.received(i).size());
      digest.update(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
