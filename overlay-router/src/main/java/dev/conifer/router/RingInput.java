package dev.conifer.router;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The router's inputs for every thread but its own: each call fills one ring slot (a frame or
 * payload is copied once, into the slot) and wakes the driver, which hands the event to the core
 * with its own time, so {@code nowNs} is ignored here. A full ring refuses and counts ({@code
 * ring_full}); nothing ever blocks.
 */
final class RingInput implements RouterInput {
  private final RingBuffer<RingEvent> ring;
  private final RouterMetrics metrics;
  private final Runnable wake;

  RingInput(RingBuffer<RingEvent> ring, RouterMetrics metrics, Runnable wake) {
    this.ring = ring;
    this.metrics = metrics;
    this.wake = wake;
  }

  @Override
  public boolean attach(long nowNs, int port, long generation, PeerInfo info, Link link) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.port = port;
    event.generation = generation;
    event.info = info;
    event.link = link;
    return publish(sequence, event, RingEvent.Kind.ATTACH);
  }

  @Override
  public boolean frame(long nowNs, int port, long generation, ByteBuffer frame) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.port = port;
    event.generation = generation;
    return copyAndPublish(sequence, event, RingEvent.Kind.FRAME, frame);
  }

  @Override
  public boolean writable(long nowNs, int port, long generation) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.port = port;
    event.generation = generation;
    return publish(sequence, event, RingEvent.Kind.WRITABLE);
  }

  @Override
  public boolean closed(long nowNs, int port, long generation, String reason) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.port = port;
    event.generation = generation;
    event.reason = reason;
    return publish(sequence, event, RingEvent.Kind.CLOSED);
  }

  /** True once queued: routing failures are counted when the router thread sends it. */
  @Override
  public boolean send(long nowNs, PublicKey destination, ByteBuffer payload) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.destination = destination;
    return copyAndPublish(sequence, event, RingEvent.Kind.SEND, payload);
  }

  /** A status snapshot, completed on the router's thread. */
  boolean status(CompletableFuture<RouterStatus> future) {
    long sequence = claim();
    if (sequence < 0) {
      return false;
    }
    RingEvent event = ring.get(sequence);
    event.status = future;
    return publish(sequence, event, RingEvent.Kind.STATUS);
  }

  /** A free slot's sequence, or -1 (counted) when the ring is full. */
  private long claim() {
    try {
      return ring.tryNext();
    } catch (InsufficientCapacityException e) {
      metrics.drop(DropReason.RING_FULL);
      return -1;
    }
  }

  private boolean copyAndPublish(
      long sequence, RingEvent event, RingEvent.Kind kind, ByteBuffer bytes) {
    boolean copied = false;
    try {
      event.copyFrom(bytes);
      copied = true;
    } finally {
      if (!copied) {
        event.clear(); // published as a no-op: a claimed slot must always be published
        ring.publish(sequence);
      }
    }
    return publish(sequence, event, kind);
  }

  private boolean publish(long sequence, RingEvent event, RingEvent.Kind kind) {
    event.kind = kind;
    ring.publish(sequence);
    wake.run();
    return true;
  }
}
