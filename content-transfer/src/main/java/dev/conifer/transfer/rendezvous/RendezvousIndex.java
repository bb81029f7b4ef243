package dev.conifer.transfer.rendezvous;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Holders found through the rendezvous record at the node nearest to the hash (CONTENT.md). Meant
 * to come last in a {@link HolderIndex#chain}, after the peers asked directly. A query that times
 * out gives no holders rather than an error, so the chain's other answers still count.
 */
public final class RendezvousIndex implements HolderIndex {
  private final RendezvousService service;

  public RendezvousIndex(RendezvousService service) {
    this.service = service;
  }

  @Override
  public List<PublicKey> holders(BlobHash hash) throws IOException {
    try {
      PublicKey self = service.publicKey();
      return service.query(hash).stream()
          .map(RendezvousRecord::holder)
          .filter(k -> !k.equals(self))
          .distinct()
          .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted asking the rendezvous for " + hash);
    }
  }
}
