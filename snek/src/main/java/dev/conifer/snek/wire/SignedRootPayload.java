package dev.conifer.snek.wire;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The payload of bootstraps (§7.1) and wakeup broadcasts (§9): {@code varu64 seq || rootKey ||
 * varu64 rootSeq || sig}, where the originator signs everything before the signature.
 */
public record SignedRootPayload(long sequence, Root root, byte[] signature) {
  /** A wrong-length signature would make {@link #encodedLength} disagree with {@link #put}. */
  public SignedRootPayload {
    if (signature.length != Signer.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 64 bytes, got " + signature.length);
    }
  }

  public static SignedRootPayload sign(long sequence, Root root, Signer signer) {
    return new SignedRootPayload(sequence, root, signer.sign(protectedBytes(sequence, root)));
  }

  public boolean verify(PublicKey originator, Verifier verifier) {
    return verifier.verify(originator, protectedBytes(sequence, root), signature);
  }

  static byte[] protectedBytes(long sequence, Root root) {
    ByteBuffer buffer = ByteBuffer.allocate(VarU64.encodedLength(sequence) + root.encodedLength());
    VarU64.put(buffer, sequence);
    root.put(buffer);
    return buffer.array();
  }

  public int encodedLength() {
    return VarU64.encodedLength(sequence) + root.encodedLength() + Signer.SIGNATURE_LENGTH;
  }

  public void put(ByteBuffer buffer) {
    VarU64.put(buffer, sequence);
    root.put(buffer);
    buffer.put(signature);
  }

  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(encodedLength());
    put(buffer);
    return buffer.array();
  }

  /** Strictly decodes exactly the remaining bytes of {@code buffer}. */
  public static SignedRootPayload decode(ByteBuffer buffer) throws WireException {
    long sequence = VarU64.get(buffer);
    Root root = Root.get(buffer);
    byte[] signature = Wire.getBytes(buffer, Signer.SIGNATURE_LENGTH, "payload signature");
    Wire.requireEnd(buffer, "payload signature");
    return new SignedRootPayload(sequence, root, signature);
  }

  public static SignedRootPayload decode(byte[] bytes) throws WireException {
    return decode(ByteBuffer.wrap(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedRootPayload p
        && p.sequence == sequence
        && p.root.equals(root)
        && Arrays.equals(p.signature, signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + root.hashCode();
  }
}
