package dev.conifer.node.services;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.Pin;
import dev.conifer.transfer.wire.BlobsClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many always-on members of this node's clusters keep a verified, complete copy of each blob
 * that matters most here (the operator's own, sovereign and reciprocal copies), confirmed by asking
 * each of them (HAVE) every round. A blob is safe once the count reaches the policy's {@code safe}
 * (default 2); {@code conifer blobs ls} shows the count as {@code safe=N}.
 */
final class SafeCopies {
  private static final Logger LOG = LoggerFactory.getLogger(SafeCopies.class);

  private final BlobServices blobs;
  private final Map<BlobHash, Integer> counts = new ConcurrentHashMap<>();

  SafeCopies(BlobServices blobs) {
    this.blobs = blobs;
  }

  /** The confirmed count, or -1 when the blob was not checked. */
  int count(BlobHash hash) {
    return counts.getOrDefault(hash, -1);
  }

  /** Asks each of {@code members} which of the blobs that matter it holds complete. */
  void check(List<PublicKey> members) {
    try {
      Map<BlobHash, List<Pin>> pins = blobs.store().allPins();
      Map<BlobHash, Integer> next = new ConcurrentHashMap<>();
      for (BlobInfo b : blobs.store().list()) {
        if (b.complete() && matters(pins.getOrDefault(b.hash(), List.of()))) {
          next.put(b.hash(), 0);
        }
      }
      for (PublicKey member : members) {
        try (BlobsClient client = blobs.connector().connect(member)) {
          for (BlobHash h : next.keySet()) {
            if (client.have(h).size() >= 0) {
              next.merge(h, 1, Integer::sum);
            }
          }
        } catch (IOException | RuntimeException e) {
          LOG.info("cannot confirm copies at {}: {}", member.shortHex(), e.toString());
        }
      }
      counts.keySet().retainAll(next.keySet());
      counts.putAll(next);
    } catch (IOException | RuntimeException e) {
      LOG.warn("counting safe copies failed: {}", e.toString());
    }
  }

  private static boolean matters(List<Pin> pins) {
    return pins.stream()
        .anyMatch(
            p ->
                p.tier().isEmpty()
                    || p.tier().equals(Tier.SOVEREIGN.name())
                    || p.tier().equals(Tier.RECIPROCAL.name()));
  }
}
