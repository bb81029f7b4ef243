package dev.conifer.snek.crypto;

import dev.conifer.snek.wire.PublicKey;

/** Checks Ed25519 signatures. Implementations never throw on bad input: they return false. */
public interface Verifier {
  boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature);

  default boolean verify(PublicKey key, byte[] message, byte[] signature) {
    return verify(key, message, 0, message.length, signature);
  }
}
