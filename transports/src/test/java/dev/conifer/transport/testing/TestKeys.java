package dev.conifer.transport.testing;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Fixed identities (PROTOCOL.md §17.1: seed = 32 identical bytes) and raw frames for tests. */
public final class TestKeys {
  public static final Signer A = signer(1);
  public static final Signer B = signer(2);
  public static final Signer C = signer(3);

  private TestKeys() {}

  public static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  /** The 10-byte keepalive frame: 70 69 6e 65 00 00 00 00 00 0a. */
  public static byte[] keepalive() {
    byte[] frame = new byte[FrameHeader.LENGTH];
    FrameHeader.write(ByteBuffer.wrap(frame), 0, FrameType.KEEPALIVE, 0, FrameHeader.LENGTH);
    return frame;
  }

  /**
   * A frame of an unknown type (which the decoder only length-checks) with {@code bodyLength} bytes
   * of {@code fill} after the header.
   */
  public static byte[] unknownFrame(int typeCode, int bodyLength, byte fill) {
    byte[] frame = new byte[FrameHeader.LENGTH + bodyLength];
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    buffer.putInt(FrameHeader.MAGIC);
    buffer.put((byte) 0).put((byte) typeCode).put((byte) 0).put((byte) 0);
    buffer.putShort((short) frame.length);
    Arrays.fill(frame, FrameHeader.LENGTH, frame.length, fill);
    return frame;
  }
}
