package dev.conifer.snek.crypto;

import dev.conifer.snek.wire.PublicKey;

/** Checks Ed25519 signatures. Implementations never throw on bad input: they return false. */
public interface Verifier {
  boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature);

  default boolean verify(PublicKey key, byte[] message, byte[] signature) {
    return verify(key, message, 0, message.length, signature);
  }

  /**
   * True if this verifier already answers a repeated signature without the curve arithmetic (a
   * {@link VerificationCache}, or the simulator's ledger), so a node need not put its own
   * announcement cache in front of it: that would hash every signature twice and hold a second
   * copy.
   */
  default boolean remembersVerified() {
    return false;
  }
}
