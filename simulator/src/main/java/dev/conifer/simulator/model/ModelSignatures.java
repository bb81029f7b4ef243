package dev.conifer.simulator.model;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Simulator-only signatures ({@code --verify model}): a node's "signature" over M is SHA-512 of (a
 * domain tag, its public key, M), 64 bytes like Ed25519's, and checking one recomputes it. Keys
 * stay real Ed25519 keys (they decide who is root), and frames keep their sizes and layout.
 *
 * <p>Why this is faithful for a simulation: SNEK only asks whether a signature was made by that key
 * over exactly these bytes. The answer here is the same as Ed25519's for every frame an honest
 * simulated node sends or relays: its own signatures verify, and one moved to another key or
 * message does not. What it gives up is unforgeability against someone who computes the hash, and
 * the simulator has no such adversary (its adversaries only drop frames). What it saves is the
 * curve arithmetic of every signing (a bootstrap every 5 s per node, an announcement per tree
 * change) and the ledger's memory. Safe to share between a parallel run's threads: each has its own
 * digest, and the counts are adders.
 */
public final class ModelSignatures implements Verifier {
  private static final byte[] DOMAIN =
      "conifer-simulator-model-signature-v1".getBytes(StandardCharsets.US_ASCII);

  private final ThreadLocal<MessageDigest> sha512 =
      ThreadLocal.withInitial(ModelSignatures::digest);
  private final LongAdder acceptedCount = new LongAdder();
  private final LongAdder rejectedCount = new LongAdder();

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-512", e);
    }
  }

  /** A signer for {@code key} whose signatures this verifier accepts. */
  public Signer signer(PublicKey key) {
    return new Signer() {
      @Override
      public PublicKey publicKey() {
        return key;
      }

      @Override
      public byte[] sign(byte[] message, int offset, int length) {
        return tag(key, message, offset, length);
      }
    };
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    boolean ok =
        signature.length == Signer.SIGNATURE_LENGTH
            && MessageDigest.isEqual(tag(key, message, offset, length), signature);
    (ok ? acceptedCount : rejectedCount).increment();
    return ok;
  }

  private byte[] tag(PublicKey key, byte[] message, int offset, int length) {
    MessageDigest digest = sha512.get();
    digest.update(DOMAIN);
    digest.update(key.toBytes());
    digest.update(message, offset, length);
    return digest.digest();
  }

  @Override
  public boolean remembersVerified() {
    return true; // checking is already cheap: a node needs no cache in front of it
  }

  /** Signatures that checked out. */
  public long acceptedCount() {
    return acceptedCount.sum();
  }

  /** Signatures that did not (a bug or a tampered frame). */
  public long rejectedCount() {
    return rejectedCount.sum();
  }
}
