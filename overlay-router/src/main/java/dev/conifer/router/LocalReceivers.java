package dev.conifer.router;

import dev.conifer.snek.RendezvousTag;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Where payloads for this node go: rendezvous-tagged ones (never QUIC) to the rendezvous slot,
 * everything else to the receiver; an empty slot drops and counts. Set from any thread, called on
 * the router's thread; a receiver that throws is counted, never allowed to stop routing.
 */
final class LocalReceivers {
  private final RouterMetrics metrics;
  private final RouterEvents events;
  private volatile Receiver receiver;
  private volatile RendezvousReceiver rendezvousReceiver;

  LocalReceivers(RouterMetrics metrics, RouterEvents events) {
    this.metrics = metrics;
    this.events = events;
  }

  void setReceiver(Receiver value) {
    receiver = value;
  }

  void setRendezvousReceiver(RendezvousReceiver value) {
    rendezvousReceiver = value;
  }

  /** {@code payload} is borrowed for the call; {@code destination} is the key it was sent to. */
  void deliver(PublicKey source, PublicKey destination, ByteBuffer payload) {
    try {
      if (RendezvousTag.isTagged(payload)) {
        RendezvousReceiver current = rendezvousReceiver;
        if (current == null) {
          metrics.drop(DropReason.NO_RECEIVER);
        } else {
          current.onRendezvous(source, destination, payload);
        }
        return;
      }
      Receiver current = receiver;
      if (current == null) {
        metrics.drop(DropReason.NO_RECEIVER);
      } else {
        current.onReceive(source, payload);
      }
    } catch (RuntimeException e) {
      events.internalError(e);
    }
  }
}
