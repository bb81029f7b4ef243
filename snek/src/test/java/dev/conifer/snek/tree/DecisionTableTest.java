package dev.conifer.snek.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.testing.NodeHarness.Sent;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each row of PROTOCOL.md §5.5. Keys are ordered k0 < k1 < ... < k9; the node under test is k3,
 * with peer P = k5 on port 1 and peer Q = k6 on port 2. Announcements name keys by index.
 */
class DecisionTableTest {
  private static final int SELF = 3;
  private static final int P = 5;
  private static final int Q = 6;
  private static final int R = 8; // a strong root
  private static final int S = 9; // an even stronger one

  private NodeHarness h;

  @BeforeEach
  void twoPeers() {
    h = new NodeHarness(10, SELF);
    h.portUp(1, P);
    h.portUp(2, Q);
  }

  /** P (port 1) becomes our parent, under root R at sequence 1. */
  private void parentIsP() {
    assertThat(h.feed(1, h.announcement(1, R, P))).isEqualTo(FrameVerdict.CONSUMED);
    h.drain();
    assertThat(h.node().parentPort()).isEqualTo(1);
  }

  private static List<Integer> announcedPorts(List<Sent> sent) {
    return sent.stream()
        .filter(s -> s.frame() instanceof TreeAnnouncementFrame)
        .map(Sent::port)
        .toList();
  }

  private static Root announcedRoot(List<Sent> sent) {
    return sent.stream()
        .filter(s -> s.frame() instanceof TreeAnnouncementFrame)
        .map(s -> ((TreeAnnouncementFrame) s.frame()).announcement().root())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void otherWithStrongerRootBecomesParentWithoutBootstrapping() {
    h.feed(1, h.announcement(1, R, P));
    List<Sent> sent = h.drain();
    assertThat(h.node().parentPort()).isEqualTo(1);
    assertThat(announcedPorts(sent)).containsExactly(1, 2);
    assertThat(announcedRoot(sent)).isEqualTo(new Root(h.key(R).publicKey(), 1));
    assertThat(sent).noneMatch(s -> s.frame() instanceof BootstrapFrame);
  }

  @Test
  void parentWithStrongerRootIsAcceptedAsAnUpdate() {
    parentIsP();
    h.feed(1, h.announcement(1, S, P));
    List<Sent> sent = h.drain();
    assertThat(h.node().parentPort()).isEqualTo(1);
    assertThat(announcedPorts(sent)).containsExactly(1, 2);
    assertThat(announcedRoot(sent).key()).isEqualTo(h.key(S).publicKey());
  }

  @Test
  void parentWithHigherSequenceIsAcceptedAsAnUpdate() {
    parentIsP();
    h.feed(1, h.announcement(2, R, P));
    List<Sent> sent = h.drain();
    assertThat(h.node().root()).isEqualTo(new Root(h.key(R).publicKey(), 2));
    assertThat(announcedPorts(sent)).containsExactly(1, 2);
  }

  @Test
  void parentResendingTheSameUpdateMakesUsRootForTheHoldDown() {
    parentIsP();
    h.feed(1, h.announcement(1, R, P));
    assertBecameRootThenReselectedP();
  }

  @Test
  void parentWithWeakerRootMakesUsRootForTheHoldDown() {
    parentIsP();
    h.feed(1, h.announcement(1, 4, P)); // k4: weaker than R, still stronger than us
    assertBecameRootThenReselectedP();
    assertThat(h.node().root().key()).isEqualTo(h.key(4).publicKey());
  }

  @Test
  void parentAnnouncingALoopMakesUsRootForTheHoldDown() {
    parentIsP();
    h.feed(1, h.announcement(1, R, SELF, P)); // our own key on P's path: P is below us
    List<Sent> sent = h.drain();
    assertThat(h.node().parentPort()).isEqualTo(SnekNode.NO_PORT);
    assertThat(announcedRoot(sent).key()).isEqualTo(h.key(SELF).publicKey());
    h.advance(NodeHarness.SECOND);
    assertThat(h.node().parentPort())
        .as("P's only path runs through us, so we stay root")
        .isEqualTo(SnekNode.NO_PORT);
  }

  @Test
  void parentWhoseSequenceGoesBackIsBadNewsNotADisconnect() {
    parentIsP();
    h.feed(1, h.announcement(3, R, P));
    h.drain();
    assertThat(h.feed(1, h.announcement(2, R, P))).isEqualTo(FrameVerdict.CONSUMED);
    assertThat(h.node().announcementSequenceRegressions()).isEqualTo(1);
    assertThat(h.node().parentPort()).isEqualTo(SnekNode.NO_PORT);
  }

  private void assertBecameRootThenReselectedP() {
    List<Sent> sent = h.drain();
    assertThat(h.node().parentPort()).isEqualTo(SnekNode.NO_PORT);
    assertThat(announcedRoot(sent).key()).isEqualTo(h.key(SELF).publicKey());
    assertThat(announcedPorts(sent)).containsExactly(1, 2);
    h.advance(NodeHarness.SECOND / 2);
    assertThat(h.node().parentPort()).as("still holding down").isEqualTo(SnekNode.NO_PORT);
    h.advance(NodeHarness.SECOND / 2);
    assertThat(h.node().parentPort()).isEqualTo(1);
  }

  @Test
  void otherAnnouncingALoopIsStoredButIgnored() {
    parentIsP();
    assertThat(h.feed(2, h.announcement(1, R, P, SELF, Q))).isEqualTo(FrameVerdict.CONSUMED);
    assertThat(announcedPorts(h.drain())).isEmpty();
    assertThat(h.node().parentPort()).isEqualTo(1);
    assertThat(h.node().peerCoordinates(2)).as("Q's coordinates are known").isNotNull();
  }

  @Test
  void otherWithWeakerRootIsToldOursUnlessItIsItsFirst() {
    parentIsP();
    h.feed(2, h.announcement(1, Q)); // Q's first: it got ours when it connected
    assertThat(announcedPorts(h.drain())).isEmpty();
    h.feed(2, h.announcement(2, Q));
    List<Sent> sent = h.drain();
    assertThat(announcedPorts(sent)).containsExactly(2);
    assertThat(announcedRoot(sent).key()).isEqualTo(h.key(R).publicKey());
  }

  @Test
  void otherWithTheSameRootTriggersParentSelection() {
    parentIsP();
    h.feed(2, h.announcement(2, R, Q)); // the same root, a newer sequence, through Q
    List<Sent> sent = h.drain();
    assertThat(h.node().parentPort()).isEqualTo(2);
    assertThat(announcedPorts(sent)).containsExactly(1, 2);
    h.advance(NodeHarness.SECOND);
    assertThat(h.drain())
        .as("a bootstrap follows the parent change")
        .anyMatch(s -> s.frame() instanceof BootstrapFrame);
  }

  @Test
  void firstAnnouncementFromAPeerIsAnsweredWithABroadcast() {
    h = new NodeHarness(10, SELF, dev.conifer.snek.SnekConfig.defaults());
    h.portUp(1, P);
    h.feed(1, h.announcement(1, R, P));
    assertThat(h.drain())
        .anyMatch(
            s -> s.port() == 1 && s.frame() instanceof dev.conifer.snek.wire.WakeupBroadcastFrame);
  }

  @Test
  void disconnectsAPeerWhoseAnnouncementIsNotFromIt() {
    assertThat(h.feed(1, h.announcement(1, R, Q))).isEqualTo(FrameVerdict.BAD_ANNOUNCEMENT);
    assertThat(h.node().lastAnnouncementRejection()).contains("last entry");
  }
}
