package dev.conifer.snek;

import dev.conifer.snek.forward.TrafficOut;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFlyweight;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * What the node produced during one call: frames for links, payloads for this node's application,
 * and events. The driver drains it after every call, so it holds one call's output at most.
 *
 * <p>Forwarded traffic is not copied when it is queued: the entry remembers the borrowed input
 * frame and how to rewrite it, and {@link #pollTransmit} writes the rewritten frame straight into
 * the driver's buffer, which makes forwarding one copy. If the driver calls in again without
 * draining, {@link #materialize} copies such entries first, since the input may then be reused.
 */
final class Outbox implements TrafficOut {
  /** One queued transmit: where it goes, its type and size, and what writes it. */
  private static final class Slot {
    int port;
    FrameType type;
    int length;
    Pending pending;
    // The two kinds on the traffic path are reused, so queuing them allocates nothing.
    final Rewrite rewrite = new Rewrite();
    final Originated originated = new Originated();
  }

  /** What a queued transmit writes into the driver's buffer. */
  private sealed interface Pending permits Encoded, Decoded, Rewrite, Originated {}

  /** A frame already encoded: protocol frames, and rewrites copied out of a borrowed input. */
  private record Encoded(byte[] bytes) implements Pending {}

  /** A decoded traffic frame, encoded straight into the driver's buffer: one copy, no array. */
  private record Decoded(TrafficFrame frame) implements Pending {}

  /** Forwarded traffic: a validated frame in a borrowed input buffer, and how to rewrite it. */
  private static final class Rewrite implements Pending {
    ByteBuffer source;
    final TrafficFlyweight view = new TrafficFlyweight();
    int hopLimit;
    boolean snek;
    PublicKey watermarkKey;
    long watermarkSeq;
  }

  /** Traffic this node originates, encoded from its parts around its own copy of the payload. */
  private static final class Originated implements Pending {
    int hopLimit;
    Coordinates destination;
    Coordinates source;
    PublicKey destinationKey;
    Watermark watermark;
    byte[] payload; // reused by later entries when small
    int payloadLength;

    void clear() {
      destination = null;
      source = null;
      destinationKey = null;
      watermark = null;
      if (payload != null && payload.length > KEPT_PAYLOAD_MAX) {
        payload = null;
      }
    }
  }

  /** Payload copies up to this size stay with their ring entry for reuse; larger ones do not. */
  private static final int KEPT_PAYLOAD_MAX = 2048;

  private final PublicKey self;

  /** A queued delivery: a payload array, or a range of a borrowed input frame. */
  private static final class In {
    PublicKey source;
    PublicKey destination;
    byte[] payload;
    ByteBuffer borrowed;
    int offset;
    int length;
  }

  private final SnekCounters counters;
  private Slot[] ring = new Slot[16];
  private int head;
  private int size;
  private In[] deliveries = newDeliveries(4);
  private int deliveryHead;
  private int deliveryCount;
  private final ArrayDeque<SnekEvent> events = new ArrayDeque<>();

  Outbox(SnekCounters counters, PublicKey self) {
    this.counters = counters;
    this.self = self;
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Slot();
    }
  }

  @Override
  public void send(int port, Frame frame) {
    if (frame instanceof TrafficFrame t) {
      append(port, FrameType.TRAFFIC, FrameCodec.encodedLength(t)).pending = new Decoded(t);
      return;
    }
    sendEncoded(port, frame.type(), FrameCodec.encode(frame));
  }

  void sendEncoded(int port, FrameType type, byte[] bytes) {
    append(port, type, bytes.length).pending = new Encoded(bytes);
  }

  /**
   * Queues traffic this node originates, routed by the caller: the payload (position to limit, left
   * unchanged) is copied into the entry, and {@link #pollTransmit} encodes the frame around it
   * straight into the driver's buffer. In steady state this allocates nothing.
   */
  @Override
  public void originate(
      int port,
      int hopLimit,
      Coordinates destination,
      Coordinates source,
      PublicKey destinationKey,
      Watermark watermark,
      ByteBuffer payload) {
    int payloadLength = payload.remaining();
    Slot slot =
        append(
            port,
            FrameType.TRAFFIC,
            FrameCodec.trafficLength(destination, source, watermark, payloadLength));
    Originated o = slot.originated;
    o.hopLimit = hopLimit;
    o.destination = destination;
    o.source = source;
    o.destinationKey = destinationKey;
    o.watermark = watermark;
    if (o.payload == null || o.payload.length < payloadLength) {
      o.payload = new byte[payloadLength];
    }
    payload.get(payload.position(), o.payload, 0, payloadLength);
    o.payloadLength = payloadLength;
    slot.pending = o;
  }

  /** Queues {@code frame} (validated by the caller) to be rewritten into the driver's buffer. */
  @Override
  public void forward(
      int port,
      TrafficFlyweight frame,
      ByteBuffer source,
      int hopLimit,
      boolean snek,
      PublicKey watermarkKey,
      long watermarkSeq) {
    Slot slot = append(port, FrameType.TRAFFIC, frame.forwardedLength(snek, watermarkSeq));
    Rewrite r = slot.rewrite;
    r.source = source;
    r.view.copyFrom(frame); // no second parse when it is written
    r.hopLimit = hopLimit;
    r.snek = snek;
    r.watermarkKey = watermarkKey;
    r.watermarkSeq = watermarkSeq;
    slot.pending = r;
  }

  private Slot append(int port, FrameType type, int length) {
    if (size == ring.length) {
      grow();
    }
    Slot slot = ring[(head + size) & (ring.length - 1)];
    size++;
    slot.port = port;
    slot.type = type;
    slot.length = length;
    counters.countOut(type, length);
    return slot;
  }

  private void grow() {
    Slot[] bigger = new Slot[2 * ring.length];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    for (int i = size; i < bigger.length; i++) {
      bigger[i] = new Slot();
    }
    ring = bigger;
    head = 0;
  }

  /** Copies deferred forwards and deliveries out of their borrowed inputs, before reuse. */
  void materialize() {
    for (int i = 0; i < size; i++) {
      Slot slot = ring[(head + i) & (ring.length - 1)];
      if (slot.pending instanceof Rewrite r) {
        ByteBuffer copy = ByteBuffer.allocate(slot.length);
        write(r, copy);
        slot.pending = new Encoded(copy.array());
        r.source = null;
      }
    }
    for (int i = 0; i < deliveryCount; i++) {
      In in = deliveries[(deliveryHead + i) & (deliveries.length - 1)];
      if (in.borrowed != null) {
        in.payload = new byte[in.length];
        in.borrowed.get(in.offset, in.payload);
        in.borrowed = null;
      }
    }
  }

  /** Queues a payload for the application; {@code destination} is the key it was addressed to. */
  @Override
  public void deliver(PublicKey source, PublicKey destination, byte[] payload) {
    In in = appendDelivery(source, destination, payload.length);
    in.payload = payload;
  }

  /**
   * Queues {@code length} bytes at {@code offset} of a borrowed input frame for the application,
   * without copying: {@link #pollDelivery} copies them into the driver's buffer.
   */
  @Override
  public void deliver(
      PublicKey source, PublicKey destination, ByteBuffer frame, int offset, int length) {
    In in = appendDelivery(source, destination, length);
    in.borrowed = frame;
    in.offset = offset;
  }

  private In appendDelivery(PublicKey source, PublicKey destination, int length) {
    if (deliveryCount == deliveries.length) {
      In[] bigger = newDeliveries(2 * deliveries.length);
      for (int i = 0; i < deliveryCount; i++) {
        bigger[i] = deliveries[(deliveryHead + i) & (deliveries.length - 1)];
      }
      deliveries = bigger;
      deliveryHead = 0;
    }
    In in = deliveries[(deliveryHead + deliveryCount) & (deliveries.length - 1)];
    deliveryCount++;
    in.source = source;
    in.destination = destination;
    in.length = length;
    return in;
  }

  private static In[] newDeliveries(int count) {
    In[] entries = new In[count];
    for (int i = 0; i < count; i++) {
      entries[i] = new In();
    }
    return entries;
  }

  void event(SnekEvent event) {
    events.add(event);
  }

  int nextTransmitLength() {
    return size == 0 ? SnekNode.NOTHING : ring[head].length;
  }

  int nextTransmitPort() {
    return size == 0 ? SnekNode.NO_PORT : ring[head].port;
  }

  boolean pollTransmit(ByteBuffer out, Transmit transmit) {
    if (size == 0 || out.remaining() < ring[head].length) {
      return false;
    }
    Slot slot = ring[head];
    Pending pending = slot.pending;
    if (pending instanceof Rewrite r) {
      write(r, out);
      r.source = null;
      r.watermarkKey = null;
    } else if (pending instanceof Originated o) {
      FrameCodec.encodeTraffic(
          out,
          o.hopLimit,
          o.destination,
          o.source,
          o.destinationKey,
          self,
          o.watermark,
          o.payload,
          o.payloadLength);
      o.clear();
    } else if (pending instanceof Decoded d) {
      FrameCodec.encode(d.frame(), out);
    } else {
      out.put(((Encoded) pending).bytes());
    }
    transmit.port = slot.port;
    transmit.length = slot.length;
    transmit.type = slot.type;
    slot.pending = null;
    head = (head + 1) & (ring.length - 1);
    size--;
    return true;
  }

  private static void write(Rewrite r, ByteBuffer out) {
    r.view.writeForwarded(out, r.hopLimit, r.snek, r.watermarkKey, r.watermarkSeq);
  }

  int nextDeliveryLength() {
    return deliveryCount == 0 ? SnekNode.NOTHING : deliveries[deliveryHead].length;
  }

  boolean pollDelivery(ByteBuffer out, Delivery delivery) {
    if (deliveryCount == 0 || out.remaining() < deliveries[deliveryHead].length) {
      return false;
    }
    In next = deliveries[deliveryHead];
    if (next.borrowed != null) {
      out.put(out.position(), next.borrowed, next.offset, next.length);
      out.position(out.position() + next.length);
    } else {
      out.put(next.payload);
    }
    delivery.sourceKey = next.source;
    delivery.destinationKey = next.destination;
    delivery.length = next.length;
    next.source = null;
    next.destination = null;
    next.payload = null;
    next.borrowed = null;
    deliveryHead = (deliveryHead + 1) & (deliveries.length - 1);
    deliveryCount--;
    return true;
  }

  SnekEvent pollEvent() {
    return events.poll();
  }

  /** Forgets queued frames for a port that went down. */
  void dropPort(int port) {
    materialize();
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Slot e = ring[(head + i) & (ring.length - 1)];
      if (e.port != port) {
        Slot slot = ring[(head + kept) & (ring.length - 1)];
        ring[(head + kept) & (ring.length - 1)] = e;
        ring[(head + i) & (ring.length - 1)] = slot;
        kept++;
      }
    }
    for (int i = kept; i < size; i++) {
      Slot dropped = ring[(head + i) & (ring.length - 1)];
      dropped.pending = null;
      dropped.originated.clear(); // a large payload copy is not kept for reuse
    }
    size = kept;
  }
}
