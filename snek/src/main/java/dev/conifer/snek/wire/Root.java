package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/** A tree root as announced: its key and sequence. Equal only if both match (PROTOCOL.md §2.3). */
public record Root(PublicKey key, long sequence) {
  public int encodedLength() {
    return PublicKey.LENGTH + VarU64.encodedLength(sequence);
  }

  public void put(ByteBuffer buffer) {
    key.put(buffer);
    VarU64.put(buffer, sequence);
  }

  public static Root get(ByteBuffer buffer) throws WireException {
    PublicKey key = Wire.getKey(buffer, "root key");
    return new Root(key, VarU64.get(buffer));
  }

  @Override
  public String toString() {
    return key.shortHex() + "/" + Long.toUnsignedString(sequence);
  }
}
