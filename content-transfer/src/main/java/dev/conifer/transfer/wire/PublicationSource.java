package dev.conifer.transfer.wire;

import dev.conifer.snek.wire.PublicKey;
import java.util.Optional;

/** The signed publication pages a node serves: its own, and those it keeps for publishers. */
@FunctionalInterface
public interface PublicationSource {
  PublicationSource NONE = (publisher, page) -> Optional.empty();

  /** The encoded page, or empty if this node has no page {@code page} of that publisher. */
  Optional<byte[]> page(PublicKey publisher, int page);

  /**
   * What a node hears about publication lists from one remote key: that it asked for a page (so it
   * can be told of the next version), and its notices of new versions. Called on a session thread:
   * must not block.
   */
  interface Listener {
    Listener NONE =
        new Listener() {
          @Override
          public void asked(PublicKey remote, PublicKey publisher, int page) {}

          @Override
          public void notice(PublicKey remote, PublicKey publisher, long version) {}
        };

    /** {@code remote} was served page {@code page} of {@code publisher}'s list. */
    void asked(PublicKey remote, PublicKey publisher, int page);

    /** {@code remote} says {@code publisher}'s list has version {@code version} now. */
    void notice(PublicKey remote, PublicKey publisher, long version);
  }
}
