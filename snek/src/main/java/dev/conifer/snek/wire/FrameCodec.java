package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/**
 * Encodes and strictly decodes whole frames (PROTOCOL.md §4). Decoding rejects every leniency of
 * §4.4 and §16 with a typed {@link WireException}; it never throws an unchecked exception.
 */
public final class FrameCodec {
  private static final int PAYLOAD_LENGTH_LENGTH = 2;

  private FrameCodec() {}

  /** Decodes exactly one frame: the bytes from position to limit, which it consumes. */
  public static Frame decode(ByteBuffer buffer) throws WireException {
    return decode(buffer, FrameHeader.FRAME_LENGTH_MAX);
  }

  public static Frame decode(ByteBuffer buffer, int frameLengthMax) throws WireException {
    int start = buffer.position();
    int available = buffer.remaining();
    if (available < FrameHeader.LENGTH) {
      throw new WireException(WireError.TRUNCATED, "frame header needs 10 bytes, got " + available);
    }
    int length = FrameHeader.check(buffer, start, frameLengthMax);
    if (length != available) {
      throw new WireException(
          WireError.FRAME_LENGTH_MISMATCH, "length field " + length + ", bytes " + available);
    }
    int typeCode = FrameHeader.typeCode(buffer, start);
    int hopLimit = FrameHeader.hopLimit(buffer, start);
    FrameType type = FrameType.ofCode(typeCode);
    buffer.position(start + FrameHeader.LENGTH);
    if (type == null) {
      buffer.position(buffer.limit());
      return new UnknownFrame(typeCode);
    }
    return switch (type) {
      case KEEPALIVE -> KeepaliveFrame.INSTANCE;
      case TREE_ANNOUNCEMENT -> {
        ByteBuffer payload = payload(buffer, 0);
        yield new TreeAnnouncementFrame(SwitchAnnouncement.decode(payload));
      }
      case BOOTSTRAP -> decodeBootstrap(buffer);
      case TRAFFIC -> decodeTraffic(buffer, hopLimit);
      case WAKEUP_BROADCAST -> {
        int payloadLength = Wire.getU16(buffer, "payload length");
        PublicKey source = Wire.getKey(buffer, "broadcast source key");
        ByteBuffer payload = exactly(buffer, payloadLength);
        yield new WakeupBroadcastFrame(hopLimit, source, SignedRootPayload.decode(payload));
      }
    };
  }

  private static BootstrapFrame decodeBootstrap(ByteBuffer buffer) throws WireException {
    int payloadLength = Wire.getU16(buffer, "payload length");
    PublicKey destination = Wire.getKey(buffer, "bootstrap destination key");
    Watermark watermark = Watermark.get(buffer);
    return new BootstrapFrame(destination, watermark, copyOf(exactly(buffer, payloadLength)));
  }

  private static TrafficFrame decodeTraffic(ByteBuffer buffer, int hopLimit) throws WireException {
    int payloadLength = Wire.getU16(buffer, "payload length");
    Coordinates destination = Coordinates.get(buffer);
    Coordinates source = Coordinates.get(buffer);
    PublicKey destinationKey = Wire.getKey(buffer, "traffic destination key");
    PublicKey sourceKey = Wire.getKey(buffer, "traffic source key");
    Watermark watermark = destination.isRoot() ? Watermark.get(buffer) : Watermark.NONE;
    byte[] payload = copyOf(exactly(buffer, payloadLength));
    return new TrafficFrame(
        hopLimit, destination, source, destinationKey, sourceKey, watermark, payload);
  }

  /** Reads the u16 payload length, then requires it to cover exactly the rest of the frame. */
  private static ByteBuffer payload(ByteBuffer buffer, int fixedFieldsLength) throws WireException {
    int payloadLength = Wire.getU16(buffer, "payload length");
    if (buffer.remaining() != fixedFieldsLength + payloadLength) {
      throw new WireException(
          WireError.PAYLOAD_LENGTH_MISMATCH,
          "payload length " + payloadLength + ", bytes left " + buffer.remaining());
    }
    ByteBuffer slice = buffer.slice();
    buffer.position(buffer.limit());
    return slice;
  }

  /** The next {@code length} bytes, which must be all that is left. */
  private static ByteBuffer exactly(ByteBuffer buffer, int length) throws WireException {
    if (buffer.remaining() != length) {
      throw new WireException(
          WireError.PAYLOAD_LENGTH_MISMATCH,
          "payload length " + length + ", bytes left " + buffer.remaining());
    }
    ByteBuffer slice = buffer.slice();
    buffer.position(buffer.limit());
    return slice;
  }

  /** Copies a checked slice; never sized from an unchecked length field. */
  private static byte[] copyOf(ByteBuffer slice) {
    byte[] out = new byte[slice.remaining()];
    slice.get(out);
    return out;
  }

  /**
   * The encoded size of {@code frame}, which may exceed the wire maximum: check before encoding.
   */
  public static int encodedLength(Frame frame) {
    return FrameHeader.LENGTH + bodyLength(frame);
  }

  private static int bodyLength(Frame frame) {
    if (frame instanceof TrafficFrame t) {
      return trafficLength(t.destination(), t.source(), t.watermark(), t.payload().length)
          - FrameHeader.LENGTH;
    } else if (frame instanceof TreeAnnouncementFrame t) {
      return PAYLOAD_LENGTH_LENGTH + t.announcement().encodedLength();
    } else if (frame instanceof BootstrapFrame b) {
      return PAYLOAD_LENGTH_LENGTH
          + PublicKey.LENGTH
          + b.watermark().encodedLength()
          + b.payload().length;
    } else if (frame instanceof WakeupBroadcastFrame w) {
      return PAYLOAD_LENGTH_LENGTH + PublicKey.LENGTH + w.payload().encodedLength();
    }
    return 0;
  }

  /** The encoded size of a traffic frame with these parts (may exceed the wire maximum). */
  public static int trafficLength(
      Coordinates destination, Coordinates source, Watermark watermark, int payloadLength) {
    return FrameHeader.LENGTH
        + PAYLOAD_LENGTH_LENGTH
        + destination.encodedLength()
        + source.encodedLength()
        + 2 * PublicKey.LENGTH
        + (destination.isRoot() ? watermark.encodedLength() : 0)
        + payloadLength;
  }

  /**
   * Writes a traffic frame from its parts at the buffer's position, as {@link #encode} writes a
   * {@link TrafficFrame}, without building one: originating traffic allocates nothing. The caller
   * has checked the length against the wire maximum.
   */
  public static void encodeTraffic(
      ByteBuffer buffer,
      int hopLimit,
      Coordinates destination,
      Coordinates source,
      PublicKey destinationKey,
      PublicKey sourceKey,
      Watermark watermark,
      byte[] payload,
      int payloadLength) {
    int start = buffer.position();
    int length = trafficLength(destination, source, watermark, payloadLength);
    FrameHeader.write(buffer, start, FrameType.TRAFFIC, hopLimit, length);
    buffer.position(start + FrameHeader.LENGTH);
    buffer.putShort((short) payloadLength);
    destination.put(buffer);
    source.put(buffer);
    destinationKey.put(buffer);
    sourceKey.put(buffer);
    if (destination.isRoot()) {
      watermark.put(buffer);
    }
    buffer.put(payload, 0, payloadLength);
  }

  /**
   * Writes {@code frame} at the buffer's position. Refuses frames over 65,535 bytes (Go silently
   * wraps the length) and {@link UnknownFrame}s, with {@link IllegalArgumentException}: building
   * one is a caller bug, never peer input.
   */
  public static void encode(Frame frame, ByteBuffer buffer) {
    int length = encodedLength(frame);
    if (length > FrameHeader.FRAME_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "frame of " + length + " bytes exceeds the wire maximum of 65535");
    }
    if (frame instanceof UnknownFrame) {
      throw new IllegalArgumentException("cannot encode a frame of unknown type");
    }
    if (frame instanceof TrafficFrame t) {
      encodeTraffic(
          buffer,
          t.hopLimit(),
          t.destination(),
          t.source(),
          t.destinationKey(),
          t.sourceKey(),
          t.watermark(),
          t.payload(),
          t.payload().length);
      return;
    }
    int start = buffer.position();
    int hopLimit = 0;
    if (frame instanceof WakeupBroadcastFrame w) {
      hopLimit = w.hopLimit();
    }
    FrameHeader.write(buffer, start, frame.type(), hopLimit, length);
    buffer.position(start + FrameHeader.LENGTH);
    if (frame instanceof TreeAnnouncementFrame t) {
      buffer.putShort((short) t.announcement().encodedLength());
      t.announcement().put(buffer);
    } else if (frame instanceof BootstrapFrame b) {
      buffer.putShort((short) b.payload().length);
      b.destinationKey().put(buffer);
      b.watermark().put(buffer);
      buffer.put(b.payload());
    } else if (frame instanceof WakeupBroadcastFrame w) {
      buffer.putShort((short) w.payload().encodedLength());
      w.sourceKey().put(buffer);
      w.payload().put(buffer);
    }
  }

  /** Encodes into a new array of exactly the frame's length. */
  public static byte[] encode(Frame frame) {
    ByteBuffer buffer = ByteBuffer.allocate(encodedLength(frame));
    encode(frame, buffer);
    return buffer.array();
  }
}
