package dev.conifer.router;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.PublicKey;

/**
 * The flow of a traffic frame: a seeded hash of its destination and source coordinates and keys
 * (PROTOCOL.md §10.3). Go sums the bytes, which collides for any permutation; a seeded mix keeps
 * flows apart and stops a remote peer from aiming every flow at one sub-queue without knowing the
 * seed. The hop limit and watermark are left out: they change along the path.
 */
final class FlowHash {
  /** Offset of the destination coordinates' length field in a traffic frame. */
  private static final int COORDS_OFFSET = FrameHeader.LENGTH + 2;

  private FlowHash() {}

  static long hash(byte[] frame, long seed) {
    int end = flowEnd(frame);
    long h = seed ^ 0xCBF29CE484222325L;
    for (int i = COORDS_OFFSET; i < end; i++) {
      h = (h ^ (frame[i] & 0xFF)) * 0x100000001B3L;
    }
    return mix(h);
  }

  /** End of the coordinates and keys, clamped to the frame (snek only emits well-formed ones). */
  private static int flowEnd(byte[] frame) {
    int at = COORDS_OFFSET;
    for (int field = 0; field < 2; field++) {
      if (at + 2 > frame.length) {
        return Math.min(at, frame.length);
      }
      at += 2 + (((frame[at] & 0xFF) << 8) | (frame[at + 1] & 0xFF));
    }
    return Math.min(at + 2 * PublicKey.LENGTH, frame.length);
  }

  /** splitmix64's finaliser: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
