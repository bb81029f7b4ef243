package dev.conifer.router;

import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Receives payloads addressed to this node, except those with the rendezvous tag, which go to the
 * {@link RendezvousReceiver}.
 */
@FunctionalInterface
public interface Receiver {
  /**
   * Called on the router thread: do not block, and copy what you keep ({@code payload} is reused
   * after return).
   */
  void onReceive(PublicKey source, ByteBuffer payload);
}
