package dev.conifer.transfer.rendezvous;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * "{@code holder} has {@code hash} until {@code expiresAtMs}", signed by the holder (CONTENT.md,
 * "Rendezvous records"). The signature is what makes a record trustworthy: SNEK source keys are not
 * authenticated, so whoever sent a record proves nothing.
 */
public record RendezvousRecord(
    BlobHash hash, PublicKey holder, long expiresAtMs, byte[] signature) {
  /** Signed bytes start with this context, so the signature cannot be replayed as anything else. */
  static final byte[] CONTEXT = "conifer-rendezvous/1 record".getBytes(StandardCharsets.US_ASCII);

  public static final int SIGNATURE_LENGTH = 64;

  /** Holder, expiry and signature: a record on the wire once its hash is known. */
  static final int BODY_LENGTH = PublicKey.LENGTH + Long.BYTES + SIGNATURE_LENGTH;

  public RendezvousRecord {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(holder, "holder");
    if (signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 64 bytes: " + signature.length);
    }
    signature = signature.clone();
  }

  /** A record for {@code hash} held by {@code signer}'s key, signed by it. */
  public static RendezvousRecord sign(BlobHash hash, Signer signer, long expiresAtMs) {
    byte[] message = signedBytes(hash, signer.publicKey(), expiresAtMs);
    return new RendezvousRecord(hash, signer.publicKey(), expiresAtMs, signer.sign(message));
  }

  /** True if the holder's signature covers this hash, holder and expiry. */
  public boolean verify(Verifier verifier) {
    return verifier.verify(holder, signedBytes(hash, holder, expiresAtMs), signature);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  static byte[] signedBytes(BlobHash hash, PublicKey holder, long expiresAtMs) {
    return ByteBuffer.allocate(CONTEXT.length + BlobHash.LENGTH + PublicKey.LENGTH + Long.BYTES)
        .put(CONTEXT)
        .put(hash.bytes())
        .put(holder.toBytes())
        .putLong(expiresAtMs)
        .array();
  }

  /** Writes holder, expiry and signature (the hash travels once per message). */
  void writeBody(ByteBuffer out) {
    out.put(holder.toBytes()).putLong(expiresAtMs).put(signature);
  }

  static RendezvousRecord readBody(BlobHash hash, ByteBuffer in) {
    byte[] key = new byte[PublicKey.LENGTH];
    in.get(key);
    long expiresAtMs = in.getLong();
    byte[] signature = new byte[SIGNATURE_LENGTH];
    in.get(signature);
    return new RendezvousRecord(hash, PublicKey.of(key), expiresAtMs, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RendezvousRecord r
        && hash.equals(r.hash)
        && holder.equals(r.holder)
        && expiresAtMs == r.expiresAtMs
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hash, holder, expiresAtMs, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "RendezvousRecord[" + hash + " at " + holder.shortHex() + " until " + expiresAtMs + "]";
  }
}
