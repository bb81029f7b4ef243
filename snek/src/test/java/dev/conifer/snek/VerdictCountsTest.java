package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Verdicts are counted by the frame type they were given to, and summed over types. */
class VerdictCountsTest {
  @Test
  void eachVerdictIsCountedUnderItsFrameTypeAndInTheTotal() {
    NodeHarness h = NearestDeliveryTest.node(); // one tree announcement consumed
    h.feed(
        2, NearestDeliveryTest.traffic(h, 10, h.key(0).publicKey(), NearestDeliveryTest.UNTAGGED));
    ByteBuffer shortFrame = ByteBuffer.allocate(FrameHeader.LENGTH - 1);
    assertThat(h.node().handleFrame(h.nowNs(), 2, shortFrame)).isEqualTo(FrameVerdict.MALFORMED);

    SnekCounters c = h.node().counters();
    assertThat(c.verdicts(FrameType.TREE_ANNOUNCEMENT, FrameVerdict.CONSUMED)).isEqualTo(1);
    assertThat(c.verdicts(FrameType.TRAFFIC, FrameVerdict.CONSUMED)).isZero();
    assertThat(c.verdicts(null, FrameVerdict.MALFORMED))
        .as("too short to name a type")
        .isEqualTo(1);
    long trafficDrops = 0;
    for (FrameVerdict v : FrameVerdict.values()) {
      long total = 0;
      for (FrameType t : FrameType.values()) {
        total += c.verdicts(t, v);
        if (t == FrameType.TRAFFIC && v.dropped()) {
          trafficDrops += c.verdicts(t, v);
        }
      }
      assertThat(c.verdicts(v)).as(v.name()).isEqualTo(total + c.verdicts(null, v));
    }
    assertThat(trafficDrops).as("the untagged frame for a key we are not").isEqualTo(1);
  }
}
