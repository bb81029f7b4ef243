package dev.conifer.transfer.wire;

import dev.conifer.snek.wire.PublicKey;
import java.util.Optional;

/** The signed publication pages a node serves: its own, and those it keeps for publishers. */
@FunctionalInterface
public interface PublicationSource {
  PublicationSource NONE = (publisher, page) -> Optional.empty();

  /** The encoded page, or empty if this node has no page {@code page} of that publisher. */
  Optional<byte[]> page(PublicKey publisher, int page);
}
