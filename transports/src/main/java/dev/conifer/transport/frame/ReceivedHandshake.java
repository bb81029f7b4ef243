package dev.conifer.transport.frame;

/**
 * The peer's 104 handshake bytes, emitted by {@link FrameDecoder} before any frame. Verification is
 * left to the handler after it, so the decoder stays pure framing.
 */
public final class ReceivedHandshake {
  private final byte[] bytes;

  ReceivedHandshake(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The raw handshake; the caller may keep it (the decoder gave up ownership). */
  public byte[] bytes() {
    return bytes;
  }
}
