package dev.conifer.snek;

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
final class Outbox {
  /** A queued transmit: encoded bytes, or a deferred rewrite of a borrowed traffic frame. */
  private static final class Entry {
    int port;
    FrameType type;
    byte[] bytes;
    TrafficFrame traffic;
    ByteBuffer source; // the borrowed input of a deferred rewrite, described by view
    final TrafficFlyweight view = new TrafficFlyweight();
    int hopLimit;
    boolean snek;
    PublicKey watermarkKey;
    long watermarkSeq;
    int length;
    // Traffic this node originates, encoded from its parts by pollTransmit:
    Coordinates destination; // null unless originated
    Coordinates sourceCoordinates;
    PublicKey destinationKey;
    Watermark watermark;
    byte[] payload; // the entry's own copy, reused by later entries when small
    int payloadLength;
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
  private Entry[] ring = new Entry[16];
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
      ring[i] = new Entry();
    }
  }

  void send(int port, Frame frame) {
    if (frame instanceof TrafficFrame t) {
      // Encoded straight into the driver's buffer by pollTransmit: one copy, no array.
      Entry e = append(port, FrameType.TRAFFIC, FrameCodec.encodedLength(t));
      e.traffic = t;
      e.bytes = null;
      e.source = null;
      return;
    }
    sendEncoded(port, frame.type(), FrameCodec.encode(frame));
  }

  void sendEncoded(int port, FrameType type, byte[] bytes) {
    Entry e = append(port, type, bytes.length);
    e.bytes = bytes;
    e.traffic = null;
    e.source = null;
  }

  /**
   * Queues traffic this node originates, routed by the caller: the payload (position to limit, left
   * unchanged) is copied into the entry, and {@link #pollTransmit} encodes the frame around it
   * straight into the driver's buffer. In steady state this allocates nothing.
   */
  void originate(
      int port,
      int hopLimit,
      Coordinates destination,
      Coordinates source,
      PublicKey destinationKey,
      Watermark watermark,
      ByteBuffer payload) {
    int payloadLength = payload.remaining();
    Entry e =
        append(
            port,
            FrameType.TRAFFIC,
            FrameCodec.trafficLength(destination, source, watermark, payloadLength));
    e.bytes = null;
    e.traffic = null;
    e.source = null;
    e.hopLimit = hopLimit;
    e.destination = destination;
    e.sourceCoordinates = source;
    e.destinationKey = destinationKey;
    e.watermark = watermark;
    if (e.payload == null || e.payload.length < payloadLength) {
      e.payload = new byte[payloadLength];
    }
    payload.get(payload.position(), e.payload, 0, payloadLength);
    e.payloadLength = payloadLength;
  }

  /** Queues {@code frame} (validated by the caller) to be rewritten into the driver's buffer. */
  void forward(
      int port,
      TrafficFlyweight frame,
      ByteBuffer source,
      int hopLimit,
      boolean snek,
      PublicKey watermarkKey,
      long watermarkSeq) {
    Entry e = append(port, FrameType.TRAFFIC, frame.forwardedLength(snek, watermarkSeq));
    e.bytes = null;
    e.traffic = null;
    e.source = source;
    e.view.copyFrom(frame); // no second parse when it is written
    e.hopLimit = hopLimit;
    e.snek = snek;
    e.watermarkKey = watermarkKey;
    e.watermarkSeq = watermarkSeq;
  }

  private Entry append(int port, FrameType type, int length) {
    if (size == ring.length) {
      grow();
    }
    Entry e = ring[(head + size) & (ring.length - 1)];
    size++;
    e.port = port;
    e.type = type;
    e.length = length;
    e.destination = null; // only originate sets it; a dropped entry may still hold one
    if (e.payload != null && e.payload.length > KEPT_PAYLOAD_MAX) {
      e.payload = null;
    }
    counters.countOut(type, length);
    return e;
  }

  private void grow() {
    Entry[] bigger = new Entry[2 * ring.length];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    for (int i = size; i < bigger.length; i++) {
      bigger[i] = new Entry();
    }
    ring = bigger;
    head = 0;
  }

  /** Copies deferred forwards and deliveries out of their borrowed inputs, before reuse. */
  void materialize() {
    for (int i = 0; i < size; i++) {
      Entry e = ring[(head + i) & (ring.length - 1)];
      if (e.source != null) {
        ByteBuffer copy = ByteBuffer.allocate(e.length);
        write(e, copy);
        e.bytes = copy.array();
        e.source = null;
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
  void deliver(PublicKey source, PublicKey destination, byte[] payload) {
    In in = appendDelivery(source, destination, payload.length);
    in.payload = payload;
  }

  /**
   * Queues {@code length} bytes at {@code offset} of a borrowed input frame for the application,
   * without copying: {@link #pollDelivery} copies them into the driver's buffer.
   */
  void deliver(PublicKey source, PublicKey destination, ByteBuffer frame, int offset, int length) {
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
    Entry e = ring[head];
    if (e.source != null) {
      write(e, out);
    } else if (e.destination != null) {
      FrameCodec.encodeTraffic(
          out,
          e.hopLimit,
          e.destination,
          e.sourceCoordinates,
          e.destinationKey,
          self,
          e.watermark,
          e.payload,
          e.payloadLength);
      e.destination = null;
      e.sourceCoordinates = null;
      e.destinationKey = null;
      e.watermark = null;
      if (e.payload.length > KEPT_PAYLOAD_MAX) {
        e.payload = null;
      }
    } else if (e.traffic != null) {
      FrameCodec.encode(e.traffic, out);
    } else {
      out.put(e.bytes);
    }
    transmit.port = e.port;
    transmit.length = e.length;
    transmit.type = e.type;
    e.bytes = null;
    e.traffic = null;
    e.source = null;
    e.watermarkKey = null;
    head = (head + 1) & (ring.length - 1);
    size--;
    return true;
  }

  private static void write(Entry e, ByteBuffer out) {
    e.view.writeForwarded(out, e.hopLimit, e.snek, e.watermarkKey, e.watermarkSeq);
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
      Entry e = ring[(head + i) & (ring.length - 1)];
      if (e.port != port) {
        Entry slot = ring[(head + kept) & (ring.length - 1)];
        ring[(head + kept) & (ring.length - 1)] = e;
        ring[(head + i) & (ring.length - 1)] = slot;
        kept++;
      }
    }
    size = kept;
  }
}
