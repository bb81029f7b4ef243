package dev.conifer.router;

import dev.conifer.snek.RendezvousTag;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Receives payloads that carry the {@link RendezvousTag}: those addressed to this node, and those
 * delivered here because this node is the nearest to their destination key (ROUTING.md, "Nearest
 * delivery"). Tagged payloads never reach the ordinary {@link Receiver}, so a rendezvous service
 * and the session layer share the router without displacing each other.
 */
@FunctionalInterface
public interface RendezvousReceiver {
  /**
   * Called on the router thread: do not block, and copy what you keep ({@code payload} is reused
   * after return). {@code destination} is this node's key, or the key it is nearest to.
   */
  void onRendezvous(PublicKey source, PublicKey destination, ByteBuffer payload);
}
