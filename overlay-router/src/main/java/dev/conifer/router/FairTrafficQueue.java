package dev.conifer.router;

import java.util.ArrayDeque;

/**
 * A peer's traffic queue, fair across flows (PROTOCOL.md §10.3): sub-queue 0 takes a frame when
 * everything is empty, otherwise the frame goes to sub-queue {@code 1 + hash(flow) mod N}. A full
 * sub-queue drops its oldest frame (head drop) to take the new one. Pops serve sub-queue 0 first,
 * then the non-empty sub-queues round-robin.
 *
 * <p>Unlike Go, the whole queue is also bounded in frames and bytes. When it is full, the arriving
 * flow pays: its own oldest frames are dropped to make room; a flow with nothing queued is refused.
 * Sub-queues are created on first use, so idle peers cost little. Router thread only.
 */
final class FairTrafficQueue {
  /** {@link #push} result: the frame was refused because the queue is full. */
  static final int REJECTED = -1;

  private final int flowCount;
  private final int flowFramesMax;
  private final int framesMax;
  private final long bytesMax;
  private final long seed;

  private ArrayDeque<byte[]>[] flows;
  private long[] flowBytes;
  private boolean[] inActive;
  private int[] active;
  private int activeHead;
  private int activeCount;
  private int frameCount;
  private long byteCount;

  FairTrafficQueue(int flowCount, int flowFramesMax, int framesMax, long bytesMax, long seed) {
    this.flowCount = flowCount;
    this.flowFramesMax = flowFramesMax;
    this.framesMax = framesMax;
    this.bytesMax = bytesMax;
    this.seed = seed;
  }

  /**
   * Queues {@code frame}. Returns how many older frames were head-dropped to make room (0 or more),
   * or {@link #REJECTED} if the frame was not queued.
   */
  int push(byte[] frame) {
    int flow =
        frameCount == 0
            ? 0
            : 1 + (int) Long.remainderUnsigned(FlowHash.hash(frame, seed), flowCount);
    ArrayDeque<byte[]> queue = flow(flow);
    long othersBytes = byteCount - flowBytes[flow];
    int othersFrames = frameCount - queue.size();
    if (othersFrames >= framesMax || othersBytes + frame.length > bytesMax) {
      return REJECTED; // Even emptying this flow would not make room.
    }
    int dropped = 0;
    while (!queue.isEmpty()
        && (queue.size() >= flowFramesMax
            || frameCount >= framesMax
            || byteCount + frame.length > bytesMax)) {
      removeFirst(flow, queue);
      dropped++;
    }
    queue.addLast(frame);
    flowBytes[flow] += frame.length;
    frameCount++;
    byteCount += frame.length;
    if (flow != 0 && !inActive[flow]) {
      inActive[flow] = true;
      active[(activeHead + activeCount) % active.length] = flow;
      activeCount++;
    }
    return dropped;
  }

  /** The next frame in fair order, or null. */
  byte[] poll() {
    if (frameCount == 0) {
      return null;
    }
    if (flows[0] != null && !flows[0].isEmpty()) {
      return removeFirst(0, flows[0]);
    }
    int flow = active[activeHead];
    activeHead = (activeHead + 1) % active.length;
    activeCount--;
    ArrayDeque<byte[]> queue = flows[flow];
    byte[] frame = removeFirst(flow, queue);
    if (queue.isEmpty()) {
      inActive[flow] = false;
    } else {
      active[(activeHead + activeCount) % active.length] = flow;
      activeCount++;
    }
    return frame;
  }

  boolean isEmpty() {
    return frameCount == 0;
  }

  int frameCount() {
    return frameCount;
  }

  long byteCount() {
    return byteCount;
  }

  /** Discards everything; returns how many frames were dropped. */
  int clear() {
    int count = frameCount;
    if (flows != null) {
      for (int i = 0; i < flows.length; i++) {
        if (flows[i] != null) {
          flows[i].clear();
        }
        flowBytes[i] = 0;
        inActive[i] = false;
      }
    }
    activeHead = 0;
    activeCount = 0;
    frameCount = 0;
    byteCount = 0;
    return count;
  }

  private byte[] removeFirst(int flow, ArrayDeque<byte[]> queue) {
    byte[] frame = queue.pollFirst();
    flowBytes[flow] -= frame.length;
    frameCount--;
    byteCount -= frame.length;
    return frame;
  }

  @SuppressWarnings("unchecked")
  private ArrayDeque<byte[]> flow(int flow) {
    if (flows == null) {
      flows = new ArrayDeque[flowCount + 1];
      flowBytes = new long[flowCount + 1];
      inActive = new boolean[flowCount + 1];
      active = new int[flowCount];
    }
    ArrayDeque<byte[]> queue = flows[flow];
    if (queue == null) {
      queue = new ArrayDeque<>(Math.min(flowFramesMax, 16) + 1);
      flows[flow] = queue;
    }
    return queue;
  }
}
