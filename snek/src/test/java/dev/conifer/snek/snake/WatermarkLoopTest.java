package dev.conifer.snek.snake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.testing.NodeHarness.Sent;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stale snake route would bounce traffic around a cycle X → Y → Z → X. Node Y (k3) holds an old
 * path to K (k1) through Z (port 2); X (port 1) already routed the frame on a newer path to K, so
 * the frame carries K's newer sequence and Y must not use its older route (§8.1 WorseThan).
 */
class WatermarkLoopTest {
  private static final int K = 1;
  private static final int Y = 3;
  private static final int X = 5;
  private static final int Z = 6;
  private static final int ROOT = 8;
  private static final long OLD_SEQ = 1_700_000_000_100L;
  private static final long NEW_SEQ = 1_700_000_000_200L;

  private NodeHarness h;

  @BeforeEach
  void yHasAnOldRouteToKThroughZ() {
    h = new NodeHarness(10, Y);
    h.portUp(1, X);
    h.portUp(2, Z);
    h.feed(1, h.announcement(1, ROOT, X));
    h.feed(2, h.announcement(1, ROOT, X, Z));
    h.drain();
    Root root = h.node().root();
    SignedRootPayload payload = SignedRootPayload.sign(OLD_SEQ, root, h.key(K));
    h.feed(2, new BootstrapFrame(h.key(K).publicKey(), Watermark.NONE, payload.toBytes()));
    h.drain();
    assertThat(h.node().routes())
        .singleElement()
        .satisfies(r -> assertThat(r.sourcePort()).isEqualTo(2));
  }

  private TrafficFrame towardsK(Watermark watermark) {
    return new TrafficFrame(
        10,
        Coordinates.ROOT,
        Coordinates.of(1),
        h.key(K).publicKey(),
        h.key(X).publicKey(),
        watermark,
        new byte[] {42});
  }

  @Test
  void dropsTrafficThatANewerRouteAlreadyCarried() {
    FrameVerdict verdict = h.feed(1, towardsK(new Watermark(h.key(K).publicKey(), NEW_SEQ)));
    assertThat(verdict).isEqualTo(FrameVerdict.DROPPED_WATERMARK);
    assertThat(h.drain()).as("nothing goes on towards Z").isEmpty();
  }

  @Test
  void followsTheSameRouteWhenTheWatermarkAllowsIt() {
    FrameVerdict verdict = h.feed(1, towardsK(new Watermark(h.key(K).publicKey(), OLD_SEQ)));
    assertThat(verdict).isEqualTo(FrameVerdict.FORWARDED);
    List<Sent> sent = h.drain();
    assertThat(sent).singleElement().satisfies(s -> assertThat(s.port()).isEqualTo(2));
  }
}
