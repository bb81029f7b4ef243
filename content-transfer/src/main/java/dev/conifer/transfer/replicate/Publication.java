package dev.conifer.transfer.replicate;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.Blake3;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A publisher's whole publication list: every page of one version, checked to belong together.
 * Nodes that trust the publisher pull it page by page ({@link PublicationPuller}) and keep the
 * signed pages, so they can serve them while the publisher is offline.
 */
public record Publication(
    PublicKey publisher,
    long version,
    NodeRole role,
    List<String> clusters,
    List<Replicator.Announced> entries,
    List<PublicationPage> pages) {
  public Publication {
    clusters = List.copyOf(clusters);
    entries = List.copyOf(entries);
    pages = List.copyOf(pages);
  }

  /**
   * Signs {@code entries} as version {@code version}, {@link PublicationPage#ENTRIES_MAX} a page.
   */
  public static Publication build(
      Signer signer,
      long version,
      NodeRole role,
      List<String> clusters,
      List<Replicator.Announced> entries) {
    int per = PublicationPage.ENTRIES_MAX;
    int pageCount = Math.max(1, (entries.size() + per - 1) / per);
    if (pageCount > PublicationPage.PAGE_COUNT_MAX) {
      throw new IllegalArgumentException("more than " + pageCount + " pages to publish");
    }
    List<PublicationPage> pages = new ArrayList<>(pageCount);
    for (int p = 0; p < pageCount; p++) {
      List<Replicator.Announced> slice =
          entries.subList(
              Math.min(entries.size(), p * per), Math.min(entries.size(), (p + 1) * per));
      pages.add(PublicationPage.sign(signer, version, p, pageCount, role, clusters, slice));
    }
    return new Publication(signer.publicKey(), version, role, clusters, entries, pages);
  }

  /**
   * Puts verified pages together: same publisher, version, page count, role and clusters, each page
   * once and in order. Throws PROTOCOL otherwise (a holder mixing versions).
   */
  public static Publication assemble(List<PublicationPage> pages) throws BlobsException {
    if (pages.isEmpty()) {
      throw new BlobsException(BlobsError.PROTOCOL, "a publication has at least one page");
    }
    PublicationPage first = pages.get(0);
    if (pages.size() != first.pageCount()) {
      throw new BlobsException(
          BlobsError.PROTOCOL, "got " + pages.size() + " of " + first.pageCount() + " pages");
    }
    List<Replicator.Announced> entries = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      PublicationPage p = pages.get(i);
      if (p.page() != i
          || !p.publisher().equals(first.publisher())
          || p.version() != first.version()
          || p.pageCount() != first.pageCount()
          || p.role() != first.role()
          || !p.clusters().equals(first.clusters())) {
        throw new BlobsException(
            BlobsError.PROTOCOL, "page " + i + " does not belong to version " + first.version());
      }
      entries.addAll(p.entries());
    }
    return new Publication(
        first.publisher(), first.version(), first.role(), first.clusters(), entries, pages);
  }

  /**
   * Where holders of a publisher's list are found: the rendezvous records of this pseudo-hash,
   * BLAKE3("conifer-publication/1" || publisher key). No blob has it.
   */
  public static BlobHash topic(PublicKey publisher) {
    byte[] prefix = "conifer-publication/1".getBytes(StandardCharsets.US_ASCII);
    byte[] input = new byte[prefix.length + PublicKey.LENGTH];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(publisher.toBytes(), 0, input, prefix.length, PublicKey.LENGTH);
    return BlobHash.of(Blake3.hash(input));
  }

  /** The total size the publisher claims for its blobs (verified only when fetched). */
  public long claimedLength() {
    return entries.stream().mapToLong(Replicator.Announced::size).sum();
  }
}
