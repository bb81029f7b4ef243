package dev.conifer.transfer.replicate;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One signed page of a publisher's publication list (docs/CONTENT.md, "Publication lists"): the
 * blobs it pins itself, {@link #ENTRIES_MAX} a page, with its role and clusters. Every page is
 * signed on its own by the publisher, so any holder can serve a page it kept and the requester
 * checks it against the publisher's key. Layout, big-endian:
 *
 * <pre>
 * publisher 32 | version u64 | page u32 | pageCount u32 | role u8 | clusterCount u8
 * | clusterCount x (length u8, UTF-8) | entryCount u16 | entryCount x (hash 32, size u64)
 * | signature 64 over "conifer-publication/1" || everything before it
 * </pre>
 */
public record PublicationPage(
    PublicKey publisher,
    long version,
    int page,
    int pageCount,
    NodeRole role,
    List<String> clusters,
    List<Replicator.Announced> entries,
    byte[] encoded) {
  public static final int ENTRIES_MAX = 256;
  public static final int CLUSTERS_MAX = 8;
  public static final int CLUSTER_NAME_LENGTH_MAX = 32;

  /** More pages than this (16 M blobs) is refused: it bounds what a requester keeps. */
  public static final int PAGE_COUNT_MAX = 65_536;

  private static final byte[] CONTEXT = "conifer-publication/1".getBytes(StandardCharsets.US_ASCII);

  public PublicationPage {
    clusters = List.copyOf(clusters);
    entries = List.copyOf(entries);
  }

  /** Signs page {@code page} of {@code pageCount}. */
  public static PublicationPage sign(
      Signer signer,
      long version,
      int page,
      int pageCount,
      NodeRole role,
      List<String> clusters,
      List<Replicator.Announced> entries) {
    checkClusters(clusters);
    if (entries.size() > ENTRIES_MAX || page < 0 || page >= pageCount) {
      throw new IllegalArgumentException("page " + page + " of " + pageCount + " is invalid");
    }
    ByteBuffer body = ByteBuffer.allocate(lengthMax());
    signer.publicKey().put(body);
    body.putLong(version).putInt(page).putInt(pageCount).put((byte) role.ordinal());
    body.put((byte) clusters.size());
    for (String c : clusters) {
      byte[] name = c.getBytes(StandardCharsets.UTF_8);
      body.put((byte) name.length).put(name);
    }
    body.putShort((short) entries.size());
    for (Replicator.Announced a : entries) {
      body.put(a.hash().bytes()).putLong(a.size());
    }
    int bodyLength = body.position();
    byte[] signature = signer.sign(signed(body.array(), bodyLength));
    body.put(signature);
    byte[] encoded = java.util.Arrays.copyOf(body.array(), body.position());
    return new PublicationPage(
        signer.publicKey(), version, page, pageCount, role, clusters, entries, encoded);
  }

  /** Checks cluster names: at most {@link #CLUSTERS_MAX}, each 1..32 bytes of UTF-8. */
  public static void checkClusters(List<String> clusters) {
    if (clusters.size() > CLUSTERS_MAX) {
      throw new IllegalArgumentException("at most " + CLUSTERS_MAX + " clusters");
    }
    for (String c : clusters) {
      int n = c.getBytes(StandardCharsets.UTF_8).length;
      if (n == 0 || n > CLUSTER_NAME_LENGTH_MAX || !c.strip().equals(c)) {
        throw new IllegalArgumentException(
            "cluster name '" + c + "' must be 1.." + CLUSTER_NAME_LENGTH_MAX + " bytes, no spaces");
      }
    }
  }

  /** The longest encoding: what a LIST_PAGE frame may carry. */
  public static int lengthMax() {
    return PublicKey.LENGTH
        + 8
        + 4
        + 4
        + 1
        + 1
        + CLUSTERS_MAX * (1 + CLUSTER_NAME_LENGTH_MAX)
        + 2
        + ENTRIES_MAX * 40
        + Signer.SIGNATURE_LENGTH;
  }

  /**
   * Decodes and checks a page: well-formed, signed by its publisher, within the limits. Throws
   * {@link BlobsException} (PROTOCOL for bad form, VERIFICATION_FAILED for a bad signature).
   */
  public static PublicationPage verify(byte[] encoded, Verifier verifier) throws BlobsException {
    if (encoded.length > lengthMax() || encoded.length < Signer.SIGNATURE_LENGTH) {
      throw new BlobsException(BlobsError.PROTOCOL, "publication page of " + encoded.length);
    }
    ByteBuffer b = ByteBuffer.wrap(encoded);
    try {
      PublicKey publisher = PublicKey.read(b, 0);
      b.position(PublicKey.LENGTH);
      long version = b.getLong();
      int page = b.getInt();
      int pageCount = b.getInt();
      int roleIndex = b.get() & 0xFF;
      int clusterCount = b.get() & 0xFF;
      if (roleIndex >= NodeRole.values().length
          || clusterCount > CLUSTERS_MAX
          || pageCount < 1
          || pageCount > PAGE_COUNT_MAX
          || page < 0
          || page >= pageCount) {
        throw new BlobsException(BlobsError.PROTOCOL, "publication page header is invalid");
      }
      List<String> clusters = new ArrayList<>(clusterCount);
      for (int i = 0; i < clusterCount; i++) {
        byte[] name = new byte[b.get() & 0xFF];
        b.get(name);
        clusters.add(new String(name, StandardCharsets.UTF_8));
      }
      int n = b.getShort() & 0xFFFF;
      if (n > ENTRIES_MAX || b.remaining() != 40 * n + Signer.SIGNATURE_LENGTH) {
        throw new BlobsException(BlobsError.PROTOCOL, "publication page length does not match");
      }
      List<Replicator.Announced> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] h = new byte[32];
        b.get(h);
        long size = b.getLong();
        if (size < 0) {
          throw new BlobsException(BlobsError.PROTOCOL, "publication entry size is negative");
        }
        entries.add(new Replicator.Announced(BlobHash.of(h), size));
      }
      int bodyLength = b.position();
      byte[] signature = new byte[Signer.SIGNATURE_LENGTH];
      b.get(signature);
      byte[] message = signed(encoded, bodyLength);
      if (!verifier.verify(publisher, message, 0, message.length, signature)) {
        throw new BlobsException(
            BlobsError.VERIFICATION_FAILED,
            "publication page " + page + " is not signed by " + publisher.shortHex());
      }
      return new PublicationPage(
          publisher,
          version,
          page,
          pageCount,
          NodeRole.values()[roleIndex],
          clusters,
          entries,
          encoded.clone());
    } catch (BufferUnderflowException e) {
      throw new BlobsException(BlobsError.PROTOCOL, "publication page is truncated");
    }
  }

  private static byte[] signed(byte[] body, int bodyLength) {
    byte[] message = new byte[CONTEXT.length + bodyLength];
    System.arraycopy(CONTEXT, 0, message, 0, CONTEXT.length);
    System.arraycopy(body, 0, message, CONTEXT.length, bodyLength);
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicationPage p && java.util.Arrays.equals(encoded, p.encoded);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "PublicationPage["
        + publisher.shortHex()
        + " v"
        + version
        + " "
        + page
        + "/"
        + pageCount
        + "]";
  }
}
