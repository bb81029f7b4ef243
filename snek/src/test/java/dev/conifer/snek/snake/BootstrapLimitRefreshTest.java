package dev.conifer.snek.snake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.Watermark;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-peer bootstrap limit (64 a second) at a hub link of a large network (docs/SIMULATOR.md,
 * "The bootstrap limit at 10,000 nodes"). Every origin refreshes its snake path every 5 s, so the
 * bootstraps crossing a link near the root grow with the network; once more than 64 arrive in a
 * second through one peer, the late ones are dropped, and since every origin keeps its phase, the
 * same ones are dropped every cycle. Here the predecessor's refresh is the 71st of a second on the
 * hub's port, cycle after cycle: before the fix the node lost its route to the predecessor after 10
 * s and the predecessor itself after 15 s. Refreshes of a known path through the port it came in on
 * are exempt; the limit still bounds new paths per peer, and a forged refresh costs the path.
 */
class BootstrapLimitRefreshTest {
  private static final int PREDECESSOR = 2;
  private static final int SELF = 3;
  private static final int FIRST_OTHER = 10;
  private static final int HUB = 5;
  private static final int ROOT = 199;
  private static final int HUB_PORT = 2;
  private static final long START_SEQ = 1_700_000_000_000L;
  private static final int LIMIT = SnekConfig.defaults().bootstrapPerPeerPerSecondMax();

  private NodeHarness h;
  private Root root;

  @BeforeEach
  void nodeBehindAHub() {
    h = new NodeHarness(200, SELF);
    h.portUp(1, ROOT);
    h.portUp(HUB_PORT, HUB);
    h.feed(1, h.announcement(1, ROOT));
    h.drain();
    root = h.node().root();
  }

  private FrameVerdict bootstrapFrom(int origin, int port, long seq) {
    SignedRootPayload payload = SignedRootPayload.sign(seq, root, h.key(origin));
    FrameVerdict v =
        h.feed(port, new BootstrapFrame(key(origin), Watermark.NONE, payload.toBytes()));
    h.drain();
    return v;
  }

  private PublicKey key(int index) {
    return h.key(index).publicKey();
  }

  /** {@code count} other origins' bootstraps through the hub, all in one instant. */
  private List<FrameVerdict> others(int count, long seq) {
    List<FrameVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      verdicts.add(bootstrapFrom(FIRST_OTHER + i, HUB_PORT, seq));
    }
    return verdicts;
  }

  @Test
  void aRefreshBehindMoreThanTheLimitOfOtherRefreshesIsNotDropped() {
    int others = LIMIT + 6;
    assertThat(bootstrapFrom(PREDECESSOR, HUB_PORT, START_SEQ))
        .isNotEqualTo(FrameVerdict.DROPPED_RATE_LIMITED);
    others(others, START_SEQ);
    assertThat(h.node().descending()).isEqualTo(key(PREDECESSOR));
    for (int cycle = 1; cycle <= 6; cycle++) {
      h.advance(SnekConfig.BOOTSTRAP_INTERVAL_NS);
      long seq = START_SEQ + cycle * 5_000L;
      others(others, seq);
      assertThat(bootstrapFrom(PREDECESSOR, HUB_PORT, seq))
          .as("the predecessor's refresh in cycle %d, behind %d others", cycle, others)
          .isIn(FrameVerdict.FORWARDED, FrameVerdict.CONSUMED);
      assertThat(h.node().descending()).as("cycle %d", cycle).isEqualTo(key(PREDECESSOR));
      assertThat(h.node().validRoute(key(PREDECESSOR), h.nowNs()))
          .as("cycle %d", cycle)
          .isNotNull();
    }
  }

  @Test
  void newPathsFromOnePeerAreStillLimited() {
    List<FrameVerdict> verdicts = others(LIMIT + 20, START_SEQ);
    assertThat(verdicts.stream().filter(v -> v == FrameVerdict.DROPPED_RATE_LIMITED).count())
        .isEqualTo(20);
  }

  @Test
  void refreshesOfOnePathFasterThanTheGapAreCountedAgainstTheLimit() {
    bootstrapFrom(FIRST_OTHER, HUB_PORT, START_SEQ);
    h.advance(SnekConfig.SECOND_NS);
    // Fresh sequences within the same instant: only the first is a refresh, the rest are counted.
    long dropped = 0;
    for (int i = 1; i <= LIMIT + 10; i++) {
      if (bootstrapFrom(FIRST_OTHER, HUB_PORT, START_SEQ + i)
          == FrameVerdict.DROPPED_RATE_LIMITED) {
        dropped++;
      }
    }
    assertThat(dropped).isEqualTo(9);
  }

  @Test
  void aForgedRefreshCostsThePathAndIsNotExemptAgain() {
    bootstrapFrom(FIRST_OTHER, HUB_PORT, START_SEQ);
    h.advance(SnekConfig.SECOND_NS);
    SignedRootPayload forged = SignedRootPayload.sign(START_SEQ + 1, root, h.key(FIRST_OTHER + 1));
    BootstrapFrame frame = new BootstrapFrame(key(FIRST_OTHER), Watermark.NONE, forged.toBytes());
    assertThat(h.feed(HUB_PORT, frame)).isEqualTo(FrameVerdict.DROPPED_BAD_BOOTSTRAP);
    assertThat(h.node().validRoute(key(FIRST_OTHER), h.nowNs())).isNull();
    // With the path gone, further forgeries are new paths: the limit applies to them.
    long limited = 0;
    for (int i = 0; i < LIMIT + 5; i++) {
      h.drain();
      if (h.feed(HUB_PORT, frame) == FrameVerdict.DROPPED_RATE_LIMITED) {
        limited++;
      }
    }
    assertThat(limited).isEqualTo(5);
  }
}
