package dev.conifer.sync.entry;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.wire.SyncFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A capability: the namespace key signs that {@code grantee} may read or write the namespace. The
 * namespace key itself needs no grant to write; readers always present one naming their node key.
 */
public record Grant(PublicKey namespace, PublicKey grantee, Mode mode, byte[] signature) {
  public static final int ENCODED_LENGTH = 32 + 32 + 1 + 64;
  private static final byte[] DOMAIN = "conifer-sync/grant/1\0".getBytes(StandardCharsets.US_ASCII);

  /** What a grant allows. */
  public enum Mode {
    READ,
    WRITE
  }

  public Grant {
    if (signature.length != 64) {
      throw new IllegalArgumentException("grant signature must be 64 bytes");
    }
    signature = signature.clone();
  }

  /** Signs a grant with the namespace's own key. */
  public static Grant issue(Signer namespaceSigner, PublicKey grantee, Mode mode) {
    byte[] message = signingBytes(namespaceSigner.publicKey(), grantee, mode);
    return new Grant(
        namespaceSigner.publicKey(),
        grantee,
        mode,
        namespaceSigner.sign(message, 0, message.length));
  }

  public boolean verify(Verifier verifier) {
    byte[] message = signingBytes(namespace, grantee, mode);
    return verifier.verify(namespace, message, 0, message.length, signature);
  }

  /** True if this grant lets {@code who} act in {@code mode} on {@code ns} (signature checked). */
  public boolean allows(PublicKey ns, PublicKey who, Mode wanted, Verifier verifier) {
    return namespace.equals(ns) && grantee.equals(who) && mode == wanted && verify(verifier);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public void encode(ByteBuffer out) {
    namespace.put(out);
    grantee.put(out);
    out.put((byte) mode.ordinal());
    out.put(signature);
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(ENCODED_LENGTH);
    encode(out);
    return out.array();
  }

  public static Grant decode(ByteBuffer in) throws SyncFormatException {
    if (in.remaining() < ENCODED_LENGTH) {
      throw new SyncFormatException("grant truncated: " + in.remaining() + " bytes");
    }
    PublicKey ns = readKey(in);
    PublicKey grantee = readKey(in);
    int mode = in.get();
    if (mode < 0 || mode >= Mode.values().length) {
      throw new SyncFormatException("grant mode unknown: " + mode);
    }
    byte[] signature = new byte[64];
    in.get(signature);
    return new Grant(ns, grantee, Mode.values()[mode], signature);
  }

  static PublicKey readKey(ByteBuffer in) {
    byte[] key = new byte[PublicKey.LENGTH];
    in.get(key);
    return PublicKey.of(key);
  }

  private static byte[] signingBytes(PublicKey ns, PublicKey grantee, Mode mode) {
    ByteBuffer buf = ByteBuffer.allocate(DOMAIN.length + 65);
    buf.put(DOMAIN);
    ns.put(buf);
    grantee.put(buf);
    buf.put((byte) mode.ordinal());
    return buf.array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Grant g
        && namespace.equals(g.namespace)
        && grantee.equals(g.grantee)
        && mode == g.mode
        && Arrays.equals(signature, g.signature);
  }

  @Override
  public int hashCode() {
    return namespace.hashCode() * 31 + grantee.hashCode();
  }

  @Override
  public String toString() {
    return mode + " grant for " + grantee.shortHex() + " on " + namespace.shortHex();
  }
}
