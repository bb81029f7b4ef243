package dev.conifer.snek.wire;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import java.nio.ByteBuffer;

/**
 * The 104-byte peering handshake both sides send at once (PROTOCOL.md §3): version 1, three
 * reserved bytes, capabilities 0x3B, the sender's key, and its signature over the first 40 bytes.
 */
public final class Handshake {
  public static final int LENGTH = 104;
  public static final int VERSION = 1;
  public static final int CAPABILITIES = 0x3B;
  public static final long TIMEOUT_NS = 10_000_000_000L;

  private static final int CAPABILITIES_OFFSET = 4;
  private static final int KEY_OFFSET = 8;
  private static final int SIGNED_LENGTH = 40;

  private Handshake() {}

  /** Our handshake: the same bytes for every peer, so build it once. */
  public static byte[] encode(Signer signer) {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
    buffer.put((byte) VERSION).put((byte) 0).put((byte) 0).put((byte) 0);
    buffer.putInt(CAPABILITIES);
    signer.publicKey().put(buffer);
    byte[] bytes = buffer.array();
    buffer.put(signer.sign(bytes, 0, SIGNED_LENGTH));
    return bytes;
  }

  /**
   * Checks a peer's 104 bytes in Go's order (version, capabilities, signature) and returns its key.
   * The reserved bytes are ignored, as Go does.
   */
  public static PublicKey decode(ByteBuffer buffer, Verifier verifier) throws WireException {
    if (buffer.remaining() != LENGTH) {
      throw new WireException(
          buffer.remaining() < LENGTH ? WireError.TRUNCATED : WireError.TRAILING_BYTES,
          "handshake must be 104 bytes, got " + buffer.remaining());
    }
    int start = buffer.position();
    int version = buffer.get(start) & 0xFF;
    if (version != VERSION) {
      throw new WireException(WireError.UNKNOWN_HANDSHAKE_VERSION, "version " + version);
    }
    int capabilities = buffer.getInt(start + CAPABILITIES_OFFSET);
    if (capabilities != CAPABILITIES) {
      throw new WireException(
          WireError.CAPABILITIES_MISMATCH, "capabilities 0x" + Integer.toHexString(capabilities));
    }
    PublicKey key = PublicKey.read(buffer, start + KEY_OFFSET);
    byte[] signed = new byte[SIGNED_LENGTH];
    buffer.get(start, signed);
    byte[] signature = new byte[Signer.SIGNATURE_LENGTH];
    buffer.get(start + SIGNED_LENGTH, signature);
    buffer.position(start + LENGTH);
    if (!verifier.verify(key, signed, signature)) {
      throw new WireException(WireError.BAD_SIGNATURE, "handshake from " + key.shortHex());
    }
    return key;
  }

  public static PublicKey decode(byte[] bytes, Verifier verifier) throws WireException {
    return decode(ByteBuffer.wrap(bytes), verifier);
  }
}
