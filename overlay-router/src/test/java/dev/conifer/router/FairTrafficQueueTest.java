package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairTrafficQueueTest {
  private static final long SEED = 42;

  static PublicKey key(int n) {
    return PublicKey.ofWords(n, 0, 0, n);
  }

  /** A traffic frame of flow (src, dst) whose payload's first byte is {@code tag}. */
  static byte[] traffic(int src, int dst, int tag, int payloadLength) {
    byte[] payload = new byte[payloadLength];
    payload[0] = (byte) tag;
    return FrameCodec.encode(
        new TrafficFrame(
            TrafficFrame.HOP_LIMIT_ORIGIN,
            Coordinates.ROOT,
            Coordinates.of(1, 2),
            key(dst),
            key(src),
            Watermark.NONE,
            payload));
  }

  static int tag(byte[] frame) {
    return frame[frame.length - payloadLength(frame)] & 0xFF;
  }

  /** The first word of the source key in a frame built by {@link #traffic}. */
  static long sourceWord(byte[] frame) {
    int at = 12;
    at += 2 + (((frame[at] & 0xFF) << 8) | (frame[at + 1] & 0xFF)); // destination coordinates
    at += 2 + (((frame[at] & 0xFF) << 8) | (frame[at + 1] & 0xFF)); // source coordinates
    at += 32; // destination key
    return java.nio.ByteBuffer.wrap(frame).getLong(at);
  }

  private static int payloadLength(byte[] frame) {
    return ((frame[10] & 0xFF) << 8) | (frame[11] & 0xFF);
  }

  /** Two flows that land in different sub-queues with this seed. */
  private static int[] distinctFlows(int flowCount) {
    long first = Long.remainderUnsigned(FlowHash.hash(traffic(1, 2, 0, 1), SEED), flowCount);
    for (int src = 3; ; src++) {
      if (Long.remainderUnsigned(FlowHash.hash(traffic(src, 2, 0, 1), SEED), flowCount) != first) {
        return new int[] {1, src};
      }
    }
  }

  @Test
  void servesFlowsRoundRobinSoABusyFlowCannotStarveAQuietOne() {
    FairTrafficQueue queue = new FairTrafficQueue(254, 16, 1024, 1 << 20, SEED);
    int[] flows = distinctFlows(254);
    // The first frame lands in sub-queue 0 (queue empty); then 10 of the busy flow, 2 quiet.
    queue.push(traffic(flows[0], 2, 100, 8));
    for (int i = 0; i < 10; i++) {
      queue.push(traffic(flows[0], 2, i, 8));
    }
    queue.push(traffic(flows[1], 2, 200, 8));
    queue.push(traffic(flows[1], 2, 201, 8));

    List<Integer> order = new ArrayList<>();
    byte[] frame;
    while ((frame = queue.poll()) != null) {
      order.add(tag(frame));
    }
    // Sub-queue 0 first, then the two flows alternate until the quiet one is empty.
    assertThat(order.subList(0, 5)).containsExactly(100, 0, 200, 1, 201);
    assertThat(order).hasSize(13);
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.byteCount()).isZero();
  }

  @Test
  void headDropsTheOldestFrameWhenAFlowsSubQueueIsFull() {
    FairTrafficQueue queue = new FairTrafficQueue(254, 4, 1024, 1 << 20, SEED);
    queue.push(traffic(9, 9, 99, 8)); // occupies sub-queue 0
    int dropped = 0;
    for (int i = 0; i < 10; i++) {
      dropped += queue.push(traffic(1, 2, i, 8));
    }
    assertThat(dropped).isEqualTo(6);
    assertThat(queue.frameCount()).isEqualTo(5);
    List<Integer> order = new ArrayList<>();
    byte[] frame;
    while ((frame = queue.poll()) != null) {
      order.add(tag(frame));
    }
    // The newest four survive, in order.
    assertThat(order).containsExactly(99, 6, 7, 8, 9);
  }

  @Test
  void boundsTheWholeQueueInFramesAndBytes() {
    FairTrafficQueue byFrames = new FairTrafficQueue(254, 16, 8, 1 << 20, SEED);
    int[] flows = distinctFlows(254);
    for (int i = 0; i < 8; i++) {
      assertThat(byFrames.push(traffic(flows[0], 2, i, 8))).isGreaterThanOrEqualTo(0);
    }
    // A new flow cannot evict the others: refused.
    assertThat(byFrames.push(traffic(flows[1], 2, 50, 8))).isEqualTo(FairTrafficQueue.REJECTED);
    // The busy flow pays for its own new frame with its oldest (sub-queue 0 holds frame 0).
    assertThat(byFrames.push(traffic(flows[0], 2, 51, 8))).isEqualTo(1);
    assertThat(byFrames.frameCount()).isEqualTo(8);

    int frameLength = traffic(1, 2, 0, 100).length;
    FairTrafficQueue byBytes = new FairTrafficQueue(254, 16, 1024, 3L * frameLength, SEED);
    for (int i = 0; i < 3; i++) {
      assertThat(byBytes.push(traffic(flows[0], 2, i, 100))).isGreaterThanOrEqualTo(0);
    }
    assertThat(byBytes.push(traffic(flows[1], 2, 9, 100))).isEqualTo(FairTrafficQueue.REJECTED);
    assertThat(byBytes.byteCount()).isEqualTo(3L * frameLength);
    assertThat(byBytes.clear()).isEqualTo(3);
    assertThat(byBytes.byteCount()).isZero();
  }

  @Test
  void flowHashDependsOnSeedAndFlowButNotOnHopLimitOrPayload() {
    byte[] a = traffic(1, 2, 0, 8);
    byte[] b = traffic(1, 2, 7, 30);
    b[7] = 3; // hop limit
    assertThat(FlowHash.hash(a, SEED)).isEqualTo(FlowHash.hash(b, SEED));
    assertThat(FlowHash.hash(a, SEED)).isNotEqualTo(FlowHash.hash(a, SEED + 1));
    assertThat(FlowHash.hash(a, SEED)).isNotEqualTo(FlowHash.hash(traffic(2, 1, 0, 8), SEED));
    // Garbage shorter than a header hashes without throwing.
    FlowHash.hash(new byte[3], SEED);
    FlowHash.hash(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, SEED);
  }
}
