package dev.conifer.snek.crypto;

import dev.conifer.snek.wire.PublicKey;

/** Signs with the node's identity key. */
public interface Signer {
  int SIGNATURE_LENGTH = 64;

  PublicKey publicKey();

  /** Returns a 64-byte Ed25519 signature over {@code message[offset, offset + length)}. */
  byte[] sign(byte[] message, int offset, int length);

  default byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }
}
