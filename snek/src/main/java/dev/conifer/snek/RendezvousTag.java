package dev.conifer.snek;

import java.nio.ByteBuffer;

/**
 * The prefix that marks a payload as Conifer rendezvous traffic, which SNEK delivers to the node
 * whose key is nearest to the destination key instead of dropping it as misdelivered (ROUTING.md,
 * "Nearest delivery"). The first byte is 0x00: its QUIC fixed bit (0x40) is clear, so a tagged
 * payload can never be mistaken for a QUIC packet, and session traffic is never delivered this way.
 * The magic is followed by a version byte that the receiving application checks.
 */
public final class RendezvousTag {
  /** {@code 00 'C' 'R' 'V'}, then the version byte. */
  public static final byte[] MAGIC = {0x00, 'C', 'R', 'V'};

  /** The magic plus the version byte. */
  public static final int LENGTH = MAGIC.length + 1;

  /** The version this build speaks. */
  public static final byte VERSION = 1;

  private RendezvousTag() {}

  /** True if {@code payload} starts with the magic and has room for the version byte. */
  public static boolean isTagged(byte[] payload) {
    return payload.length >= LENGTH
        && payload[0] == MAGIC[0]
        && payload[1] == MAGIC[1]
        && payload[2] == MAGIC[2]
        && payload[3] == MAGIC[3];
  }

  /** The same test on {@code length} bytes at absolute {@code offset}; reads, never moves. */
  public static boolean isTagged(ByteBuffer buffer, int offset, int length) {
    return length >= LENGTH
        && buffer.get(offset) == MAGIC[0]
        && buffer.get(offset + 1) == MAGIC[1]
        && buffer.get(offset + 2) == MAGIC[2]
        && buffer.get(offset + 3) == MAGIC[3];
  }

  /** The same test on the buffer's remaining bytes. */
  public static boolean isTagged(ByteBuffer payload) {
    return isTagged(payload, payload.position(), payload.remaining());
  }
}
