package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.SnekNet;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.TrafficFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Originated traffic is encoded from its parts rather than from a {@link TrafficFrame}: the bytes
 * on the first hop must be exactly the canonical encoding of the frame §8.2 describes, SNEK-routed
 * before the sender knows the destination's coordinates and tree-routed after.
 */
class OriginateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theFirstHopCarriesTheCanonicalFrameSnekRoutedThenTreeRouted() {
    SnekNet net = new SnekNet(7);
    int first = net.addNodes(4);
    for (int i = first; i < first + 3; i++) {
      net.link(i, i + 1);
    }
    net.runFor(30 * SECOND);
    int from = first;
    int to = first + 3;
    List<byte[]> firstHop = new ArrayList<>();
    net.trafficTap(
        hop -> {
          if (hop.fromNode() == from) {
            firstHop.add(hop.frame());
          }
        });
    byte[] payload = new byte[1000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }

    assertThat(net.send(from, to, payload)).isEqualTo(SendResult.QUEUED);
    net.runFor(SECOND);
    assertThat(net.received(to)).hasSize(1);
    TrafficFrame snekRouted = onlyFrame(firstHop, net, from, to, payload);
    assertThat(snekRouted.destination()).isEqualTo(Coordinates.ROOT);

    // A reply teaches the sender the destination's coordinates: the next send is tree-routed.
    assertThat(net.send(to, from, new byte[] {1})).isEqualTo(SendResult.QUEUED);
    net.runFor(SECOND);
    firstHop.clear();
    assertThat(net.send(from, to, payload)).isEqualTo(SendResult.QUEUED);
    net.runFor(SECOND);
    assertThat(net.received(to)).hasSize(2);
    TrafficFrame treeRouted = onlyFrame(firstHop, net, from, to, payload);
    assertThat(treeRouted.destination()).isEqualTo(net.node(to).coordinates());
  }

  private static TrafficFrame onlyFrame(
      List<byte[]> frames, SnekNet net, int from, int to, byte[] payload) {
    assertThat(frames).as("frames on the first hop").hasSize(1);
    byte[] bytes = frames.get(0);
    TrafficFrame frame;
    try {
      frame = (TrafficFrame) FrameCodec.decode(ByteBuffer.wrap(bytes));
    } catch (Exception e) {
      throw new AssertionError("the originated frame does not decode", e);
    }
    assertThat(FrameCodec.encode(frame)).as("canonical encoding").isEqualTo(bytes);
    int hopLimit = TrafficFrame.HOP_LIMIT_ORIGIN - (net.node(from).config().hopLimiting() ? 1 : 0);
    assertThat(frame.hopLimit()).isEqualTo(hopLimit);
    assertThat(frame.sourceKey()).isEqualTo(net.node(from).publicKey());
    assertThat(frame.destinationKey()).isEqualTo(net.node(to).publicKey());
    assertThat(frame.source()).isEqualTo(net.node(from).coordinates());
    assertThat(frame.payload()).isEqualTo(payload);
    return frame;
  }
}
