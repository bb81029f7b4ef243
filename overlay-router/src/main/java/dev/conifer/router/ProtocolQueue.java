package dev.conifer.router;

import java.util.ArrayDeque;

/**
 * A peer's protocol frames (keepalive, announcement, bootstrap, broadcast): a FIFO served before
 * traffic. Go's is unbounded, a memory DoS vector (PROTOCOL.md §16); this one is bounded in frames
 * and bytes and refuses (the caller counts) rather than grows. Router thread only.
 */
final class ProtocolQueue {
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private final int framesMax;
  private final long bytesMax;
  private long byteCount;

  ProtocolQueue(int framesMax, long bytesMax) {
    this.framesMax = framesMax;
    this.bytesMax = bytesMax;
  }

  /** Appends {@code frame}; false if that would exceed a bound (the frame is not queued). */
  boolean tryPush(byte[] frame) {
    if (frames.size() >= framesMax || byteCount + frame.length > bytesMax) {
      return false;
    }
    frames.addLast(frame);
    byteCount += frame.length;
    return true;
  }

  /** The oldest frame, or null. */
  byte[] poll() {
    byte[] frame = frames.pollFirst();
    if (frame != null) {
      byteCount -= frame.length;
    }
    return frame;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  int frameCount() {
    return frames.size();
  }

  long byteCount() {
    return byteCount;
  }

  /** Discards everything; returns how many frames were dropped. */
  int clear() {
    int count = frames.size();
    frames.clear();
    byteCount = 0;
    return count;
  }
}
