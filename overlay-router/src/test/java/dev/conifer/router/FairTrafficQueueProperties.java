package dev.conifer.router;

import static dev.conifer.router.FairTrafficQueueTest.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random push/pop sequences against the fair traffic queue: bounds always hold, counts match
 * the frames held, each flow stays FIFO (head drops only remove a flow's oldest frames), and every
 * frame pushed is either popped, dropped or still queued.
 */
class FairTrafficQueueProperties {
  static LongStream seeds() {
    long base = Long.getLong("router.seed", 1);
    return LongStream.range(base, base + 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void boundsCountsAndPerFlowOrderHold(long seed) {
    String reproduce = "reproduce: -Drouter.seed=" + seed;
    SplittableRandom random = new SplittableRandom(seed);
    int flowCount = 1 + random.nextInt(20);
    int flowFramesMax = 1 + random.nextInt(8);
    int framesMax = 1 + random.nextInt(40);
    long bytesMax = 200 + random.nextInt(4000);
    FairTrafficQueue queue =
        new FairTrafficQueue(flowCount, flowFramesMax, framesMax, bytesMax, seed);
    Map<byte[], Long> pushIndex = new IdentityHashMap<>();
    Map<Long, Long> lastPoppedIndexBySource = new HashMap<>();
    long pushed = 0;
    long popped = 0;
    long dropped = 0;
    for (int step = 0; step < 2000; step++) {
      if (random.nextInt(3) > 0) {
        int source = random.nextInt(6);
        byte[] frame = traffic(source, 100, 0, 1 + random.nextInt(120));
        pushIndex.put(frame, pushed);
        int result = queue.push(frame);
        pushed++;
        if (result == FairTrafficQueue.REJECTED) {
          dropped++;
        } else {
          dropped += result;
        }
      } else {
        byte[] frame = queue.poll();
        if (frame != null) {
          popped++;
          long index = pushIndex.get(frame);
          Long last = lastPoppedIndexBySource.put(FairTrafficQueueTest.sourceWord(frame), index);
          if (last != null) {
            assertThat(index).as("flow order; " + reproduce).isGreaterThan(last);
          }
        }
      }
      assertThat(queue.frameCount()).as(reproduce).isBetween(0, framesMax);
      assertThat(queue.byteCount()).as(reproduce).isBetween(0L, bytesMax);
      assertThat(queue.isEmpty()).as(reproduce).isEqualTo(queue.frameCount() == 0);
    }
    while (queue.poll() != null) {
      popped++;
    }
    assertThat(pushed).as("conservation; " + reproduce).isEqualTo(popped + dropped);
    assertThat(queue.byteCount()).as(reproduce).isZero();
  }
}
