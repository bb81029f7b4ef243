package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/**
 * The SNEK loop guard carried by bootstraps and SNEK-routed traffic: a key that only ever shrinks
 * along a path, plus a sequence (PROTOCOL.md §8.1).
 */
public record Watermark(PublicKey key, long sequence) {
  /** {@code {FullMask, 0}}: the worst possible watermark, where every frame starts. */
  public static final Watermark NONE = new Watermark(PublicKey.FULL_MASK, 0);

  /**
   * Go's {@code WorseThan}: a higher key, or the same key with a lower non-zero sequence. A next
   * hop whose watermark is worse than the frame's would risk a loop, so the frame is dropped.
   */
  public boolean worseThan(Watermark other) {
    return worse(key, sequence, other.key, other.sequence);
  }

  /** {@link #worseThan} on parts, for callers that hold no Watermark object. */
  public static boolean worse(
      PublicKey key, long sequence, PublicKey otherKey, long otherSequence) {
    int c = key.compareTo(otherKey);
    return c > 0 || (c == 0 && sequence != 0 && Long.compareUnsigned(sequence, otherSequence) < 0);
  }

  public int encodedLength() {
    return PublicKey.LENGTH + VarU64.encodedLength(sequence);
  }

  public void put(ByteBuffer buffer) {
    key.put(buffer);
    VarU64.put(buffer, sequence);
  }

  public static Watermark get(ByteBuffer buffer) throws WireException {
    PublicKey key = Wire.getKey(buffer, "watermark key");
    return new Watermark(key, VarU64.get(buffer));
  }
}
