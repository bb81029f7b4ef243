package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One node, hand-fed: the exact verdicts of nearest delivery on the in-place path (traffic from a
 * peer) and at the origin. Keys are sorted: {@code key(1)} is this node, {@code key(3)} the root
 * and our parent on port 1; port 2 is a peer that has announced nothing.
 */
class NearestDeliveryTest {
  static final byte[] TAGGED = {0x00, 'C', 'R', 'V', RendezvousTag.VERSION, 42};
  static final byte[] UNTAGGED = {0x40, 'C', 'R', 'V', RendezvousTag.VERSION, 42};

  static NodeHarness node(SnekConfig config) {
    NodeHarness h = new NodeHarness(4, 1, config);
    h.portUp(1, 3);
    h.portUp(2, 0);
    assertThat(h.feed(1, h.announcement(1, 3))).isEqualTo(FrameVerdict.CONSUMED);
    h.drain();
    assertThat(h.node().parentPort()).isEqualTo(1);
    return h;
  }

  static NodeHarness node() {
    return node(SnekConfig.defaults().withBroadcasts(false));
  }

  /** A key between key(0) and key(1): nothing between it and this node is known. */
  static PublicKey justBelowSelf(NodeHarness h) {
    byte[] b = h.key(1).publicKey().toBytes();
    for (int i = b.length - 1; i >= 0 && b[i]-- == 0; i--) {
      // borrow
    }
    PublicKey k = PublicKey.of(b);
    assertThat(k.compareTo(h.key(0).publicKey())).isPositive();
    return k;
  }

  static TrafficFrame traffic(NodeHarness h, int hopLimit, PublicKey to, byte[] payload) {
    return new TrafficFrame(
        hopLimit,
        Coordinates.ROOT,
        Coordinates.ROOT,
        to,
        h.key(0).publicKey(),
        Watermark.NONE,
        payload);
  }

  @Test
  void taggedTrafficFromAPeerIsDeliveredWithItsDestinationKeyAndUntaggedIsDropped() {
    NodeHarness h = node();
    PublicKey target = justBelowSelf(h);
    assertThat(h.feed(2, traffic(h, 10, target, TAGGED))).isEqualTo(FrameVerdict.DELIVERED_NEAREST);
    ByteBuffer out = ByteBuffer.allocate(64);
    Delivery d = new Delivery();
    assertThat(h.node().pollDelivery(out, d)).isTrue();
    assertThat(d.destinationKey()).isEqualTo(target);
    assertThat(d.sourceKey()).isEqualTo(h.key(0).publicKey());
    assertThat(d.length()).isEqualTo(TAGGED.length);

    assertThat(h.feed(2, traffic(h, 10, target, UNTAGGED)))
        .isEqualTo(FrameVerdict.DROPPED_MISDELIVERED);
    assertThat(h.node().nextDeliveryLength()).isEqualTo(SnekNode.NOTHING);
    assertThat(h.node().counters().verdicts(FrameVerdict.DELIVERED_NEAREST)).isEqualTo(1);
  }

  @Test
  void aTagWithoutItsVersionByteIsNoTag() {
    NodeHarness h = node();
    byte[] magicOnly = {0x00, 'C', 'R', 'V'};
    assertThat(h.feed(2, traffic(h, 10, justBelowSelf(h), magicOnly)))
        .isEqualTo(FrameVerdict.DROPPED_MISDELIVERED);
  }

  @Test
  void aKeyAboveEveryKeyIsSentOnToTheRoot() {
    NodeHarness h = node();
    assertThat(h.feed(2, traffic(h, 10, PublicKey.FULL_MASK, TAGGED)))
        .isEqualTo(FrameVerdict.FORWARDED);
    List<NodeHarness.Sent> sent = h.drain();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).port()).isEqualTo(1);
    TrafficFrame forwarded = (TrafficFrame) sent.get(0).frame();
    assertThat(forwarded.destinationKey()).isEqualTo(PublicKey.FULL_MASK);
    assertThat(forwarded.watermark()).isEqualTo(new Watermark(h.key(3).publicKey(), 0));
    // From the root itself it cannot go back: dropped, not bounced.
    assertThat(h.feed(1, traffic(h, 10, PublicKey.FULL_MASK, TAGGED)))
        .isEqualTo(FrameVerdict.DROPPED_NO_ROUTE);
  }

  @Test
  void nearestDeliveryNeedsNoHopLimitLeftButRespectsTheWatermark() {
    NodeHarness h = node(SnekConfig.defaults().withBroadcasts(false).withHopLimiting(true));
    PublicKey target = justBelowSelf(h);
    assertThat(h.feed(2, traffic(h, 1, target, TAGGED))).isEqualTo(FrameVerdict.DELIVERED_NEAREST);
    // A watermark below our key says a nearer node was already chosen upstream.
    TrafficFrame stale =
        new TrafficFrame(
            10,
            Coordinates.ROOT,
            Coordinates.ROOT,
            target,
            h.key(0).publicKey(),
            new Watermark(h.key(0).publicKey(), 0),
            TAGGED);
    assertThat(h.feed(2, stale)).isEqualTo(FrameVerdict.DROPPED_WATERMARK);
  }

  @Test
  void anOriginThatIsItselfNearestDeliversLocally() {
    NodeHarness h = node();
    PublicKey target = justBelowSelf(h);
    assertThat(h.node().send(h.nowNs(), target, ByteBuffer.wrap(TAGGED)))
        .isEqualTo(SendResult.DELIVERED_LOCALLY);
    Delivery d = new Delivery();
    assertThat(h.node().pollDelivery(ByteBuffer.allocate(64), d)).isTrue();
    assertThat(d.destinationKey()).isEqualTo(target);
    assertThat(d.sourceKey()).isEqualTo(h.key(1).publicKey());
    assertThat(h.node().send(h.nowNs(), target, ByteBuffer.wrap(UNTAGGED)))
        .isEqualTo(SendResult.NO_ROUTE);
  }

  @Test
  void theSwitchTurnsItOff() {
    NodeHarness h = node(SnekConfig.defaults().withBroadcasts(false).withNearestDelivery(false));
    assertThat(h.feed(2, traffic(h, 10, justBelowSelf(h), TAGGED)))
        .isEqualTo(FrameVerdict.DROPPED_MISDELIVERED);
  }
}
