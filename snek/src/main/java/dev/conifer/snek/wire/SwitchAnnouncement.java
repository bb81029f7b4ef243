package dev.conifer.snek.wire;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tree announcement: {@code rootKey || varu64 rootSeq || entry...}, each entry {@code varu64 hop
 * || key || sig} (PROTOCOL.md §5.1). Immutable; keeps its canonical bytes, which are what every
 * entry's signature covers up to that entry's start (§5.2).
 */
public final class SwitchAnnouncement {
  public static final int ENTRY_LENGTH_MIN = 1 + PublicKey.LENGTH + Signer.SIGNATURE_LENGTH;
  public static final int LENGTH_MIN = PublicKey.LENGTH + 1;

  /** One hop of the signature chain. {@code hop} is the signer's port towards the next key. */
  public record Entry(long hop, PublicKey key, byte[] signature) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && e.hop == hop
          && e.key.equals(key)
          && Arrays.equals(e.signature, signature);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(hop) * 31 + key.hashCode();
    }

    @Override
    public String toString() {
      return "(" + Long.toUnsignedString(hop) + ", " + key.shortHex() + ")";
    }
  }

  private final Root root;
  private final List<Entry> entries;
  private final int[] entryOffsets;
  private final byte[] encoded;

  private SwitchAnnouncement(Root root, List<Entry> entries, int[] entryOffsets, byte[] encoded) {
    this.root = root;
    this.entries = entries;
    this.entryOffsets = entryOffsets;
    this.encoded = encoded;
  }

  /** A root's own announcement before any hop: no entries yet. */
  public static SwitchAnnouncement rootOnly(Root root) {
    ByteBuffer buffer = ByteBuffer.allocate(root.encodedLength());
    root.put(buffer);
    return new SwitchAnnouncement(root, List.of(), new int[0], buffer.array());
  }

  /**
   * This announcement as sent to the peer on local port {@code port}: signs the canonical bytes so
   * far and appends {@code (port, signer key, signature)}.
   */
  public SwitchAnnouncement signedFor(long port, Signer signer) {
    byte[] signature = signer.sign(encoded);
    Entry entry = new Entry(port, signer.publicKey(), signature);
    int entryLength = VarU64.encodedLength(port) + PublicKey.LENGTH + Signer.SIGNATURE_LENGTH;
    ByteBuffer buffer = ByteBuffer.allocate(encoded.length + entryLength);
    buffer.put(encoded);
    VarU64.put(buffer, port);
    entry.key().put(buffer);
    buffer.put(signature);
    List<Entry> next = new ArrayList<>(entries.size() + 1);
    next.addAll(entries);
    next.add(entry);
    int[] offsets = Arrays.copyOf(entryOffsets, entryOffsets.length + 1);
    offsets[entryOffsets.length] = encoded.length;
    return new SwitchAnnouncement(root, List.copyOf(next), offsets, buffer.array());
  }

  /** Strictly decodes exactly the remaining bytes of {@code buffer}. */
  public static SwitchAnnouncement decode(ByteBuffer buffer) throws WireException {
    int start = buffer.position();
    Root root = Root.get(buffer);
    List<Entry> entries = new ArrayList<>();
    int[] offsets = new int[4];
    while (buffer.hasRemaining()) {
      if (entries.size() == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * offsets.length);
      }
      offsets[entries.size()] = buffer.position() - start;
      long hop = VarU64.get(buffer);
      PublicKey key = Wire.getKey(buffer, "announcement entry key");
      byte[] signature = Wire.getBytes(buffer, Signer.SIGNATURE_LENGTH, "announcement signature");
      entries.add(new Entry(hop, key, signature));
    }
    byte[] encoded = new byte[buffer.position() - start];
    buffer.get(start, encoded);
    return new SwitchAnnouncement(
        root, List.copyOf(entries), Arrays.copyOf(offsets, entries.size()), encoded);
  }

  /**
   * Verifies every entry's signature over the bytes before that entry. Entries whose prefix was
   * verified before are answered by the verifier's cache, if it has one.
   */
  public boolean verify(Verifier verifier) {
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (!verifier.verify(entry.key(), encoded, 0, entryOffsets[i], entry.signature())) {
        return false;
      }
    }
    return true;
  }

  public Root root() {
    return root;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** True if {@code key} signed any entry: the path to the root passes through it. */
  public boolean contains(PublicKey key) {
    for (Entry entry : entries) {
      if (entry.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The receiver's coordinates if it picks the sender as parent: every hop. */
  public Coordinates receiverCoordinates() {
    long[] hops = new long[entries.size()];
    for (int i = 0; i < hops.length; i++) {
      hops[i] = entries.get(i).hop();
    }
    return Coordinates.of(hops);
  }

  /** The sender's own coordinates: every hop but the last. */
  public Coordinates senderCoordinates() {
    long[] hops = new long[Math.max(0, entries.size() - 1)];
    for (int i = 0; i < hops.length; i++) {
      hops[i] = entries.get(i).hop();
    }
    return Coordinates.of(hops);
  }

  public int encodedLength() {
    return encoded.length;
  }

  public void put(ByteBuffer buffer) {
    buffer.put(encoded);
  }

  /** A copy of the canonical bytes. */
  public byte[] toBytes() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SwitchAnnouncement a && Arrays.equals(a.encoded, encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "SwitchAnnouncement{root=" + root + ", entries=" + entries + "}";
  }
}
