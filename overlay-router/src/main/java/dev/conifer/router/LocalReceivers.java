package dev.conifer.router;

import dev.conifer.snek.Delivery;
import dev.conifer.snek.RendezvousTag;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * Where payloads for this node go: rendezvous-tagged ones (never QUIC) to the rendezvous slot,
 * everything else to the receiver; an empty slot drops and counts. Also knows when a receiver's
 * callback is running, so that its replies can skip the ring. Set from any thread, called on the
 * router's thread; a receiver that throws is counted, never allowed to stop routing.
 */
final class LocalReceivers {
  private final RouterMetrics metrics;
  private final RouterEvents events;
  private volatile Receiver receiver;
  private volatile RendezvousReceiver rendezvousReceiver;
  private final Delivery delivery = new Delivery();
  private ByteBuffer deliveryBuffer = ByteBuffer.allocate(2048); // grown to need

  /** True while a receiver runs: its replies go straight to SNEK (RouterCore.sendFromReceiver). */
  private boolean inCallback;

  private long callbackNowNs;

  /** Replies from receivers in this drain; bounded so that a self-echo cannot hog the thread. */
  private int replies;

  private static final int REPLIES_MAX = 1024;

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

  /** A new drain of SNEK's output begins: the reply bound starts again. */
  void newDrain() {
    replies = 0;
  }

  /** Hands every payload SNEK has for this node to its receiver, in order. */
  void takeDeliveries(SnekNode snek, long nowNs) {
    int length;
    while ((length = snek.nextDeliveryLength()) != SnekNode.NOTHING) {
      if (length > deliveryBuffer.capacity()) {
        deliveryBuffer = ByteBuffer.allocate(length);
      }
      deliveryBuffer.clear();
      if (!snek.pollDelivery(deliveryBuffer, delivery)) {
        break;
      }
      deliveryBuffer.flip();
      inCallback = true;
      callbackNowNs = nowNs;
      try {
        deliver(delivery.sourceKey(), delivery.destinationKey(), deliveryBuffer);
      } finally {
        inCallback = false;
      }
    }
  }

  /** True (and counted) if a receiver is sending from inside its callback, within the bound. */
  boolean admitReply() {
    if (!inCallback || replies >= REPLIES_MAX) {
      return false;
    }
    replies++;
    return true;
  }

  /** The time of the delivery whose callback is running. */
  long callbackNowNs() {
    return callbackNowNs;
  }

  /** {@code payload} is borrowed for the call; {@code destination} is the key it was sent to. */
  private void deliver(PublicKey source, PublicKey destination, ByteBuffer payload) {
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
