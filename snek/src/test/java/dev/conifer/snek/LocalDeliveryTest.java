package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Traffic for this node from a peer is read in place: the payload reaches the driver intact, the
 * sender's coordinates are cached (for tree-routed replies), and a driver that calls in again
 * before draining may reuse its input buffer.
 */
class LocalDeliveryTest {
  private final NodeHarness h = new NodeHarness(3, 1, SnekConfig.defaults().withBroadcasts(false));

  LocalDeliveryTest() {
    h.portUp(1, 0);
  }

  private ByteBuffer frameFromPeer(Coordinates source, byte[] payload) {
    TrafficFrame frame =
        new TrafficFrame(
            10,
            Coordinates.ROOT,
            source,
            h.key(1).publicKey(),
            h.key(0).publicKey(),
            Watermark.NONE,
            payload);
    return ByteBuffer.wrap(FrameCodec.encode(frame));
  }

  private byte[] pollPayload(Delivery delivery) {
    ByteBuffer out = ByteBuffer.allocate(h.node().nextDeliveryLength());
    assertThat(h.node().pollDelivery(out, delivery)).isTrue();
    return out.array();
  }

  @Test
  void deliversThePayloadAndCachesTheSendersCoordinates() {
    byte[] payload = "in place".getBytes();
    ByteBuffer frame = frameFromPeer(Coordinates.of(3, 7), payload);

    assertThat(h.node().handleFrame(h.nowNs(), 1, frame)).isEqualTo(FrameVerdict.DELIVERED);
    Delivery delivery = new Delivery();
    assertThat(pollPayload(delivery)).isEqualTo(payload);
    assertThat(delivery.sourceKey()).isEqualTo(h.key(0).publicKey());
    assertThat(delivery.destinationKey()).isEqualTo(h.key(1).publicKey());
    assertThat(h.node().nextDeliveryLength()).isEqualTo(SnekNode.NOTHING);
    assertThat(h.node().coordinatesCache().get(h.key(0).publicKey(), h.nowNs()))
        .isEqualTo(Coordinates.of(3, 7));
  }

  @Test
  void aNewPlaceReplacesTheCachedCoordinatesAndTheSamePlaceRefreshesThem() {
    h.node().handleFrame(h.nowNs(), 1, frameFromPeer(Coordinates.of(3, 7), new byte[] {1}));
    h.advance(50 * NodeHarness.SECOND);
    h.node().handleFrame(h.nowNs(), 1, frameFromPeer(Coordinates.of(3, 7), new byte[] {2}));
    h.advance(50 * NodeHarness.SECOND); // 100 s after the first sighting, 50 s after the refresh
    assertThat(h.node().coordinatesCache().get(h.key(0).publicKey(), h.nowNs()))
        .isEqualTo(Coordinates.of(3, 7));
    h.node().handleFrame(h.nowNs(), 1, frameFromPeer(Coordinates.of(4), new byte[] {3}));
    assertThat(h.node().coordinatesCache().get(h.key(0).publicKey(), h.nowNs()))
        .isEqualTo(Coordinates.of(4));
  }

  @Test
  void aDriverThatReusesItsBufferBeforeDrainingStillGetsTheOriginalPayload() {
    byte[] payload = {10, 20, 30, 40};
    ByteBuffer frame = frameFromPeer(Coordinates.ROOT, payload);
    h.node().handleFrame(h.nowNs(), 1, frame);
    h.node().handleTimeout(h.nowNs()); // calls in again without draining: the borrow is copied
    Arrays.fill(frame.array(), (byte) 0x55);

    assertThat(pollPayload(new Delivery())).isEqualTo(payload);
  }
}
