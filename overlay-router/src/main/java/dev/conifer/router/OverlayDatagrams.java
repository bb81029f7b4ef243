package dev.conifer.router;

import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A datagram-channel view of the overlay, addressed by public key, for the session layer. Sends go
 * through {@link Router#send}; received payloads are copied into a bounded queue (drops are counted
 * when the reader falls behind, never blocking the router thread).
 *
 * <p>Opening a view installs it as the router's {@link Receiver}, replacing any other. Payloads
 * with the rendezvous tag never reach it: they go to the {@link RendezvousReceiver}.
 */
public final class OverlayDatagrams {
  /** One received payload and the key of the node that sent it. */
  public record Datagram(PublicKey source, byte[] payload) {}

  private final Router router;
  private final ArrayBlockingQueue<Datagram> inbound;
  private final AtomicLong dropCount = new AtomicLong();

  private OverlayDatagrams(Router router, int capacity) {
    this.router = router;
    this.inbound = new ArrayBlockingQueue<>(capacity);
  }

  /** Opens a view with a receive queue of {@code capacity} datagrams. */
  public static OverlayDatagrams open(Router router, int capacity) {
    Objects.requireNonNull(router, "router");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    OverlayDatagrams view = new OverlayDatagrams(router, capacity);
    router.setReceiver(view::offer);
    return view;
  }

  private void offer(PublicKey source, ByteBuffer payload) {
    byte[] copy = new byte[payload.remaining()];
    payload.duplicate().get(copy);
    if (!inbound.offer(new Datagram(source, copy))) {
      dropCount.incrementAndGet();
    }
  }

  /** Sends {@code payload} (copied) to {@code destination}; false if it was refused. */
  public boolean send(PublicKey destination, ByteBuffer payload) {
    return router.send(destination, payload);
  }

  /** The next datagram, or null if none is waiting. */
  public Datagram poll() {
    return inbound.poll();
  }

  /** The next datagram, waiting up to {@code timeout}; null if none arrived in time. */
  public Datagram poll(long timeout, TimeUnit unit) throws InterruptedException {
    return inbound.poll(timeout, unit);
  }

  /** Datagrams dropped because the queue was full. */
  public long dropCount() {
    return dropCount.get();
  }

  public PublicKey localKey() {
    return router.publicKey();
  }
}
