package dev.conifer.sync.entry;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.wire.SyncFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signed entry: (namespace, author, key, timestamp µs, content BLAKE3 hash, content length),
 * signed by its author. Content lives in the blob store. The entry id is BLAKE3 of the canonical
 * encoding, so equal bytes mean equal entries and reconciliation can work on ids alone.
 *
 * <p>Wire layout (big-endian): version u8, flags u8, namespace[32], author[32], keyLength u16, key,
 * timestampUs i64, contentHash[32], contentLength i64, [version 1 grant, 129 bytes, if FLAG_GRANT],
 * [grantLength u16, grant chain, if FLAG_CAPABILITY], signature[64]. The signature covers a domain
 * string followed by every byte before it.
 */
public final class Entry {
  public static final int VERSION = 1;
  public static final int FLAG_MERGEABLE = 1;
  public static final int FLAG_GRANT = 2;

  /** A delete: competes like a plain value, carries no content (length 0). */
  public static final int FLAG_TOMBSTONE = 4;

  /** With FLAG_MERGEABLE: a saved document that replaces the parts and snapshots below it. */
  public static final int FLAG_SNAPSHOT = 8;

  /** A current (version 2) write grant chain, length-prefixed, for an author who is not the key. */
  public static final int FLAG_CAPABILITY = 16;

  private static final int FLAGS_KNOWN =
      FLAG_MERGEABLE | FLAG_GRANT | FLAG_TOMBSTONE | FLAG_SNAPSHOT | FLAG_CAPABILITY;
  private static final byte[] EMPTY_HASH = Blake3.hash(new byte[0]);

  /** What an entry is to the conflict rule ({@link ConflictRule#dominates}). */
  public enum Kind {
    /** A plain value: the newest plain value or tombstone of a key wins. */
    VALUE(0),
    /** An Automerge change set (or saved document) merged with the other live parts. */
    PART(FLAG_MERGEABLE),
    /** A compacted document: a saved Automerge document that replaces older parts. */
    SNAPSHOT(FLAG_MERGEABLE | FLAG_SNAPSHOT),
    /** A delete. */
    TOMBSTONE(FLAG_TOMBSTONE);

    final int flags;

    Kind(int flags) {
      this.flags = flags;
    }

    /** Values and tombstones: the kinds that replace everything below them. */
    public boolean plain() {
      return this == VALUE || this == TOMBSTONE;
    }

    public boolean mergeable() {
      return this == PART || this == SNAPSHOT;
    }

    static Kind ofFlags(int flags) throws SyncFormatException {
      int kindBits = flags & ~(FLAG_GRANT | FLAG_CAPABILITY);
      for (Kind k : values()) {
        if (k.flags == kindBits) {
          return k;
        }
      }
      throw new SyncFormatException("entry flags combine kinds: " + flags);
    }
  }

  public static final int KEY_LENGTH_MAX = 1024;
  public static final int ENCODED_LENGTH_MAX =
      2 + 64 + 2 + KEY_LENGTH_MAX + 48 + 2 + Grant.ENCODED_LENGTH_MAX + 64;
  private static final byte[] DOMAIN = "conifer-sync/entry/1\0".getBytes(StandardCharsets.US_ASCII);

  private final PublicKey namespace;
  private final PublicKey author;
  private final byte[] key;
  private final long timestampUs;
  private final byte[] contentHash;
  private final long contentLength;
  private final Kind kind;
  private final Grant grant;
  private final byte[] encoded;
  private final byte[] id;

  private Entry(
      PublicKey namespace,
      PublicKey author,
      byte[] key,
      long timestampUs,
      byte[] contentHash,
      long contentLength,
      Kind kind,
      Grant grant,
      byte[] encoded) {
    this.namespace = namespace;
    this.author = author;
    this.key = key;
    this.timestampUs = timestampUs;
    this.contentHash = contentHash;
    this.contentLength = contentLength;
    this.kind = kind;
    this.grant = grant;
    this.encoded = encoded;
    this.id = Blake3.hash(encoded);
  }

  /**
   * Creates and signs a plain value ({@code mergeable} false) or a document part. {@code grant} is
   * null when the author is the namespace key itself.
   */
  public static Entry sign(
      Signer author,
      PublicKey namespace,
      byte[] key,
      long timestampUs,
      byte[] contentHash,
      long contentLength,
      boolean mergeable,
      Grant grant) {
    return sign(
        author,
        namespace,
        key,
        timestampUs,
        contentHash,
        contentLength,
        mergeable ? Kind.PART : Kind.VALUE,
        grant);
  }

  /** Creates and signs a tombstone for {@code key}. */
  public static Entry signTombstone(
      Signer author, PublicKey namespace, byte[] key, long timestampUs, Grant grant) {
    return sign(author, namespace, key, timestampUs, EMPTY_HASH, 0, Kind.TOMBSTONE, grant);
  }

  /** Creates and signs an entry of any kind. */
  public static Entry sign(
      Signer author,
      PublicKey namespace,
      byte[] key,
      long timestampUs,
      byte[] contentHash,
      long contentLength,
      Kind kind,
      Grant grant) {
    if (key.length > KEY_LENGTH_MAX) {
      throw new IllegalArgumentException("key longer than " + KEY_LENGTH_MAX + " bytes");
    }
    if (contentHash.length != Blake3.LENGTH || contentLength < 0 || timestampUs < 0) {
      throw new IllegalArgumentException("content hash must be 32 bytes, length and time >= 0");
    }
    if (kind == Kind.TOMBSTONE && contentLength != 0) {
      throw new IllegalArgumentException("a tombstone has no content");
    }
    int flags = kind.flags | (grant == null ? 0 : grant.legacy() ? FLAG_GRANT : FLAG_CAPABILITY);
    ByteBuffer body = ByteBuffer.allocate(ENCODED_LENGTH_MAX);
    body.put((byte) VERSION).put((byte) flags);
    namespace.put(body);
    author.publicKey().put(body);
    body.putShort((short) key.length).put(key).putLong(timestampUs).put(contentHash);
    body.putLong(contentLength);
    if (grant != null && grant.legacy()) {
      grant.encode(body);
    } else if (grant != null) {
      byte[] chain = grant.encode();
      body.putShort((short) chain.length).put(chain);
    }
    int bodyLength = body.position();
    byte[] message = signingMessage(body.array(), bodyLength);
    body.put(author.sign(message, 0, message.length));
    byte[] encoded = Arrays.copyOf(body.array(), body.position());
    return new Entry(
        namespace,
        author.publicKey(),
        key.clone(),
        timestampUs,
        contentHash.clone(),
        contentLength,
        kind,
        grant,
        encoded);
  }

  /** Decodes untrusted bytes. Does not check the signature: see {@link EntryValidator}. */
  public static Entry decode(byte[] bytes) throws SyncFormatException {
    if (bytes.length < 2 + 64 + 2 + 48 + 64 || bytes.length > ENCODED_LENGTH_MAX) {
      throw new SyncFormatException("entry length out of range: " + bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new SyncFormatException("entry version unknown: " + version);
    }
    int flags = in.get() & 0xff;
    if ((flags & ~FLAGS_KNOWN) != 0) {
      throw new SyncFormatException("entry flags unknown: " + flags);
    }
    Kind kind = Kind.ofFlags(flags);
    PublicKey ns = Grant.readKey(in);
    PublicKey author = Grant.readKey(in);
    int keyLength = in.getShort() & 0xffff;
    if ((flags & FLAG_GRANT) != 0 && (flags & FLAG_CAPABILITY) != 0) {
      throw new SyncFormatException("entry carries two grants");
    }
    int grantLength = grantLength(bytes, flags, keyLength);
    if (keyLength > KEY_LENGTH_MAX || in.remaining() != keyLength + 48 + grantLength + 64) {
      throw new SyncFormatException("entry length does not match its key and flags");
    }
    byte[] key = new byte[keyLength];
    in.get(key);
    long timestampUs = in.getLong();
    byte[] hash = new byte[32];
    in.get(hash);
    long contentLength = in.getLong();
    if (timestampUs < 0 || contentLength < 0) {
      throw new SyncFormatException("entry timestamp or content length negative");
    }
    if (kind == Kind.TOMBSTONE && contentLength != 0) {
      throw new SyncFormatException("tombstone with content");
    }
    Grant grant = null;
    if ((flags & FLAG_GRANT) != 0) {
      grant = Grant.decodeLegacy(in);
    } else if ((flags & FLAG_CAPABILITY) != 0) {
      in.getShort();
      ByteBuffer chain = in.slice(in.position(), grantLength - 2);
      grant = Grant.decode(chain);
      if (chain.hasRemaining()) {
        throw new SyncFormatException("entry grant length does not match its grant");
      }
      in.position(in.position() + grantLength - 2);
    }
    return new Entry(ns, author, key, timestampUs, hash, contentLength, kind, grant, bytes.clone());
  }

  /** The bytes taken by the grant (with its length prefix), read from the header. */
  private static int grantLength(byte[] bytes, int flags, int keyLength)
      throws SyncFormatException {
    if ((flags & FLAG_GRANT) != 0) {
      return Grant.LEGACY_LENGTH;
    }
    if ((flags & FLAG_CAPABILITY) == 0) {
      return 0;
    }
    int at = 2 + 64 + 2 + keyLength + 48;
    if (bytes.length < at + 2) {
      throw new SyncFormatException("entry grant length missing");
    }
    return 2 + (((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff));
  }

  /** Checks the author's signature over the canonical bytes. */
  public boolean verifySignature(Verifier verifier) {
    int bodyLength = encoded.length - 64;
    byte[] message = signingMessage(encoded, bodyLength);
    byte[] signature = Arrays.copyOfRange(encoded, bodyLength, encoded.length);
    return verifier.verify(author, message, 0, message.length, signature);
  }

  private static byte[] signingMessage(byte[] body, int bodyLength) {
    byte[] message = new byte[DOMAIN.length + bodyLength];
    System.arraycopy(DOMAIN, 0, message, 0, DOMAIN.length);
    System.arraycopy(body, 0, message, DOMAIN.length, bodyLength);
    return message;
  }

  public PublicKey namespace() {
    return namespace;
  }

  public PublicKey author() {
    return author;
  }

  public byte[] key() {
    return key.clone();
  }

  public String keyString() {
    return new String(key, StandardCharsets.UTF_8);
  }

  public long timestampUs() {
    return timestampUs;
  }

  public byte[] contentHash() {
    return contentHash.clone();
  }

  public long contentLength() {
    return contentLength;
  }

  /** A document part or snapshot (its content is Automerge). */
  public boolean mergeable() {
    return kind.mergeable();
  }

  public Kind kind() {
    return kind;
  }

  public boolean tombstone() {
    return kind == Kind.TOMBSTONE;
  }

  /** The write grant carried by the entry, or null when the namespace key wrote it. */
  public Grant grant() {
    return grant;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  public int encodedLength() {
    return encoded.length;
  }

  public byte[] id() {
    return id.clone();
  }

  public String idHex() {
    return HexFormat.of().formatHex(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e && Arrays.equals(id, e.id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "Entry{"
        + keyString()
        + " @"
        + timestampUs
        + "us by "
        + author.shortHex()
        + " id "
        + idHex().substring(0, 12)
        + "}";
  }
}
