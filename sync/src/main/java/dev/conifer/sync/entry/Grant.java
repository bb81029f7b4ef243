package dev.conifer.sync.entry;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.wire.SyncFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A capability: {@code issuer} signs that {@code grantee} may read or write the namespace until
 * {@code expiresEpochSec}. The issuer is the namespace key itself, or the grantee of the {@code
 * parent} grant (a chain of at most {@link #DEPTH_MAX} links back to the namespace key). A write
 * grant lets its holder issue read or write grants, a read grant only read grants; a link never
 * outlives its parent. Write implies read. Version 1 grants (no issuer, no expiry,
 * namespace-signed) still decode, so older stored entries stay valid.
 */
public final class Grant {
  /** Encoded length of a version 1 grant (carried under {@link Entry#FLAG_GRANT}). */
  public static final int LEGACY_LENGTH = 32 + 32 + 1 + 64;

  public static final long NEVER = Long.MAX_VALUE;
  public static final int DEPTH_MAX = 6;
  private static final int LINK_LENGTH = 1 + 32 * 3 + 1 + 8 + 1 + 64;
  public static final int ENCODED_LENGTH_MAX = LINK_LENGTH * DEPTH_MAX;
  private static final int VERSION = 2;
  private static final byte[] LEGACY_DOMAIN =
      "conifer-sync/grant/1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DOMAIN = "conifer-sync/grant/2\0".getBytes(StandardCharsets.US_ASCII);

  /** What a grant allows. */
  public enum Mode {
    READ,
    WRITE;

    /** WRITE also allows READ. */
    public boolean covers(Mode wanted) {
      return this == WRITE || wanted == READ;
    }
  }

  private final boolean legacy;
  private final PublicKey namespace;
  private final PublicKey issuer;
  private final PublicKey grantee;
  private final Mode mode;
  private final long expiresEpochSec;
  private final Grant parent;
  private final byte[] signature;

  private Grant(
      boolean legacy,
      PublicKey namespace,
      PublicKey issuer,
      PublicKey grantee,
      Mode mode,
      long expiresEpochSec,
      Grant parent,
      byte[] signature) {
    if (signature.length != 64) {
      throw new IllegalArgumentException("grant signature must be 64 bytes");
    }
    this.legacy = legacy;
    this.namespace = namespace;
    this.issuer = issuer;
    this.grantee = grantee;
    this.mode = mode;
    this.expiresEpochSec = expiresEpochSec;
    this.parent = parent;
    this.signature = signature.clone();
  }

  /** Signs a grant that never expires with the namespace's own key. */
  public static Grant issue(Signer namespaceSigner, PublicKey grantee, Mode mode) {
    return issue(namespaceSigner, grantee, mode, NEVER);
  }

  /** Signs a grant with the namespace's own key, valid until {@code expiresEpochSec}. */
  public static Grant issue(
      Signer namespaceSigner, PublicKey grantee, Mode mode, long expiresEpochSec) {
    PublicKey ns = namespaceSigner.publicKey();
    return sign(namespaceSigner, ns, grantee, mode, expiresEpochSec, null);
  }

  /**
   * Passes on {@code parent} (held by {@code holder}) to {@code grantee}: {@code mode} must be
   * allowed by the parent, and the expiry is capped at the parent's.
   */
  public static Grant delegate(
      Signer holder, Grant parent, PublicKey grantee, Mode mode, long expiresEpochSec) {
    if (!parent.grantee.equals(holder.publicKey())) {
      throw new IllegalArgumentException("this grant was not issued to the key passing it on");
    }
    if (parent.legacy || parent.depth() >= DEPTH_MAX) {
      throw new IllegalArgumentException("this grant cannot be passed on (old or too long chain)");
    }
    if (!parent.mode.covers(mode)) {
      throw new IllegalArgumentException("a read grant cannot pass on write access");
    }
    long expires = Math.min(expiresEpochSec, parent.expiresEpochSec());
    return sign(holder, parent.namespace, grantee, mode, expires, parent);
  }

  private static Grant sign(
      Signer issuer, PublicKey ns, PublicKey grantee, Mode mode, long expires, Grant parent) {
    Grant unsigned =
        new Grant(false, ns, issuer.publicKey(), grantee, mode, expires, parent, new byte[64]);
    byte[] message = unsigned.signingBytes();
    return new Grant(
        false,
        ns,
        issuer.publicKey(),
        grantee,
        mode,
        expires,
        parent,
        issuer.sign(message, 0, message.length));
  }

  /** True if the chain is well formed and every signature verifies (time is not checked). */
  public boolean verify(Verifier verifier) {
    if (parent == null) {
      if (!issuer.equals(namespace)) {
        return false;
      }
    } else if (!parent.namespace.equals(namespace)
        || !parent.grantee.equals(issuer)
        || !parent.mode.covers(mode)
        || !parent.verify(verifier)) {
      return false;
    }
    byte[] message = signingBytes();
    return verifier.verify(issuer, message, 0, message.length, signature);
  }

  /** True if this grant lets {@code who} act in {@code wanted} on {@code ns}, at any time. */
  public boolean allows(PublicKey ns, PublicKey who, Mode wanted, Verifier verifier) {
    return namespace.equals(ns) && grantee.equals(who) && mode.covers(wanted) && verify(verifier);
  }

  /** Like {@link #allows}, and not expired at {@code epochSec}. */
  public boolean allowsAt(
      PublicKey ns, PublicKey who, Mode wanted, long epochSec, Verifier verifier) {
    return epochSec < expiresEpochSec() && allows(ns, who, wanted, verifier);
  }

  /** The chain's expiry: the earliest of its links (epoch seconds, {@link #NEVER} if none). */
  public long expiresEpochSec() {
    return parent == null ? expiresEpochSec : Math.min(expiresEpochSec, parent.expiresEpochSec());
  }

  int depth() {
    return parent == null ? 1 : 1 + parent.depth();
  }

  public PublicKey namespace() {
    return namespace;
  }

  public PublicKey issuer() {
    return issuer;
  }

  public PublicKey grantee() {
    return grantee;
  }

  public Mode mode() {
    return mode;
  }

  /** The grant this one was passed on from, or null when the namespace key issued it. */
  public Grant parent() {
    return parent;
  }

  public boolean legacy() {
    return legacy;
  }

  public byte[] signature() {
    return signature.clone();
  }

  public void encode(ByteBuffer out) {
    if (legacy) {
      namespace.put(out);
      grantee.put(out);
      out.put((byte) mode.ordinal());
      out.put(signature);
      return;
    }
    encodeUnsigned(out);
    out.put(signature);
  }

  private void encodeUnsigned(ByteBuffer out) {
    out.put((byte) VERSION);
    namespace.put(out);
    issuer.put(out);
    grantee.put(out);
    out.put((byte) mode.ordinal());
    out.putLong(expiresEpochSec);
    out.put((byte) (parent == null ? 0 : 1));
    if (parent != null) {
      parent.encode(out);
    }
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(legacy ? LEGACY_LENGTH : LINK_LENGTH * depth());
    encode(out);
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Decodes a version 1 grant (exactly {@link #LEGACY_LENGTH} bytes). */
  public static Grant decodeLegacy(ByteBuffer in) throws SyncFormatException {
    if (in.remaining() < LEGACY_LENGTH) {
      throw new SyncFormatException("grant truncated: " + in.remaining() + " bytes");
    }
    PublicKey ns = readKey(in);
    PublicKey grantee = readKey(in);
    Mode mode = mode(in.get());
    byte[] signature = new byte[64];
    in.get(signature);
    return new Grant(true, ns, ns, grantee, mode, NEVER, null, signature);
  }

  /** Decodes a current grant (its chain included). */
  public static Grant decode(ByteBuffer in) throws SyncFormatException {
    return decode(in, 1);
  }

  /** Decodes stored bytes of either version (told apart by their length). */
  public static Grant decode(byte[] bytes) throws SyncFormatException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Grant grant = bytes.length == LEGACY_LENGTH ? decodeLegacy(in) : decode(in);
    if (in.hasRemaining()) {
      throw new SyncFormatException("grant followed by " + in.remaining() + " stray bytes");
    }
    return grant;
  }

  private static Grant decode(ByteBuffer in, int depth) throws SyncFormatException {
    if (depth > DEPTH_MAX) {
      throw new SyncFormatException("grant chain longer than " + DEPTH_MAX);
    }
    if (in.remaining() < LINK_LENGTH) {
      throw new SyncFormatException("grant truncated: " + in.remaining() + " bytes");
    }
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new SyncFormatException("grant version unknown: " + version);
    }
    PublicKey ns = readKey(in);
    PublicKey issuer = readKey(in);
    PublicKey grantee = readKey(in);
    Mode mode = mode(in.get());
    long expires = in.getLong();
    int hasParent = in.get();
    if (hasParent != 0 && hasParent != 1) {
      throw new SyncFormatException("grant parent flag invalid: " + hasParent);
    }
    Grant parent = hasParent == 1 ? decode(in, depth + 1) : null;
    if (in.remaining() < 64) {
      throw new SyncFormatException("grant signature truncated");
    }
    byte[] signature = new byte[64];
    in.get(signature);
    return new Grant(false, ns, issuer, grantee, mode, expires, parent, signature);
  }

  private static Mode mode(int ordinal) throws SyncFormatException {
    if (ordinal < 0 || ordinal >= Mode.values().length) {
      throw new SyncFormatException("grant mode unknown: " + ordinal);
    }
    return Mode.values()[ordinal];
  }

  public static PublicKey readKey(ByteBuffer in) {
    byte[] key = new byte[PublicKey.LENGTH];
    in.get(key);
    return PublicKey.of(key);
  }

  private byte[] signingBytes() {
    if (legacy) {
      ByteBuffer buf = ByteBuffer.allocate(LEGACY_DOMAIN.length + 65);
      buf.put(LEGACY_DOMAIN);
      namespace.put(buf);
      grantee.put(buf);
      buf.put((byte) mode.ordinal());
      return buf.array();
    }
    ByteBuffer buf = ByteBuffer.allocate(DOMAIN.length + LINK_LENGTH * depth());
    buf.put(DOMAIN);
    encodeUnsigned(buf);
    return Arrays.copyOf(buf.array(), buf.position());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Grant g && Arrays.equals(encode(), g.encode());
  }

  @Override
  public int hashCode() {
    return namespace.hashCode() * 31 + grantee.hashCode();
  }

  @Override
  public String toString() {
    return mode
        + " grant for "
        + grantee.shortHex()
        + " on "
        + namespace.shortHex()
        + (expiresEpochSec() == NEVER ? "" : " until " + expiresEpochSec());
  }
}
