package dev.conifer.snek.forward;

import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Recently seen keys, so the forwarding path can turn 32 bytes in a frame into a {@link PublicKey}
 * without allocating: a relay sees the same few destinations and watermarks over and over.
 * Direct-mapped; a miss allocates one key and replaces the slot.
 */
final class KeyCache {
  private final PublicKey[] slots = new PublicKey[1024];

  PublicKey intern(ByteBuffer buffer, int offset) {
    long w0 = buffer.getLong(offset);
    long w3 = buffer.getLong(offset + 24);
    long mix = (w0 ^ w3) * 0x9E3779B97F4A7C15L;
    int slot = (int) (mix >>> 54); // top 10 bits
    PublicKey cached = slots[slot];
    if (cached != null && cached.equalsAt(buffer, offset)) {
      return cached;
    }
    PublicKey key = PublicKey.read(buffer, offset);
    slots[slot] = key;
    return key;
  }
}
