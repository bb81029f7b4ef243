package dev.conifer.snek;

import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * What the node produced during one call: frames for links, payloads for this node's application,
 * and events. The driver drains it after every call, so it holds one call's output at most.
 */
final class Outbox {
  private record Out(int port, FrameType type, byte[] bytes) {}

  private record In(PublicKey source, byte[] payload) {}

  private final ArrayDeque<Out> transmits = new ArrayDeque<>();
  private final ArrayDeque<In> deliveries = new ArrayDeque<>();
  private final ArrayDeque<SnekEvent> events = new ArrayDeque<>();
  private final SnekCounters counters;

  Outbox(SnekCounters counters) {
    this.counters = counters;
  }

  void send(int port, Frame frame) {
    sendEncoded(port, frame.type(), FrameCodec.encode(frame));
  }

  void sendEncoded(int port, FrameType type, byte[] bytes) {
    transmits.add(new Out(port, type, bytes));
    counters.countOut(type, bytes.length);
  }

  void deliver(PublicKey source, byte[] payload) {
    deliveries.add(new In(source, payload));
  }

  void event(SnekEvent event) {
    events.add(event);
  }

  int nextTransmitLength() {
    Out next = transmits.peek();
    return next == null ? SnekNode.NOTHING : next.bytes.length;
  }

  boolean pollTransmit(ByteBuffer out, Transmit transmit) {
    Out next = transmits.peek();
    if (next == null || out.remaining() < next.bytes.length) {
      return false;
    }
    transmits.poll();
    out.put(next.bytes);
    transmit.port = next.port;
    transmit.length = next.bytes.length;
    transmit.type = next.type;
    return true;
  }

  int nextDeliveryLength() {
    In next = deliveries.peek();
    return next == null ? SnekNode.NOTHING : next.payload.length;
  }

  boolean pollDelivery(ByteBuffer out, Delivery delivery) {
    In next = deliveries.peek();
    if (next == null || out.remaining() < next.payload.length) {
      return false;
    }
    deliveries.poll();
    out.put(next.payload);
    delivery.sourceKey = next.source;
    delivery.length = next.payload.length;
    return true;
  }

  SnekEvent pollEvent() {
    return events.poll();
  }

  /** Forgets queued frames for a port that went down. */
  void dropPort(int port) {
    transmits.removeIf(o -> o.port == port);
  }
}
