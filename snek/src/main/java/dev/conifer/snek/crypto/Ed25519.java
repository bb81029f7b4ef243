package dev.conifer.snek.crypto;

import dev.conifer.snek.wire.PublicKey;

/** RFC 8032 PureEdDSA on BouncyCastle: the verifier, and signers built from a 32-byte seed. */
public final class Ed25519 implements Verifier {
  public static final int SEED_LENGTH = 32;
  public static final Ed25519 VERIFIER = new Ed25519();

  private Ed25519() {}

  /**
   * A signer for the key pair derived from {@code seed}: the format of Go Pinecone's {@code
   * -secretkey} (its 64-byte private key is seed followed by public key).
   */
  public static Signer signerFromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
    }
    return new SeedSigner(seed.clone());
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    if (signature.length != Signer.SIGNATURE_LENGTH) {
      return false;
    }
    byte[] keyBytes = key.toBytes();
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
          signature, 0, keyBytes, 0, message, offset, length);
    } catch (RuntimeException e) {
      return false; // An invalid point encoding is a bad signature, not a crash.
    }
  }

  private static final class SeedSigner implements Signer {
    private final byte[] seed;
    private final byte[] publicKeyBytes = new byte[32];
    private final PublicKey publicKey;

    SeedSigner(byte[] seed) {
      this.seed = seed;
      org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKeyBytes, 0);
      this.publicKey = PublicKey.of(publicKeyBytes);
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message, int offset, int length) {
      byte[] signature = new byte[SIGNATURE_LENGTH];
      org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
          seed, 0, publicKeyBytes, 0, message, offset, length, signature, 0);
      return signature;
    }
  }
}
