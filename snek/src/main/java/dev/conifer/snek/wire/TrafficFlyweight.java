package dev.conifer.snek.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A reusable view over one traffic frame in place (P6: flyweight, checked on wrap). It validates
 * exactly as {@link FrameCodec#decode} does for type 3, but allocates nothing, so relays can
 * forward without decoding: they read keys and coordinates where they lie and write the rewritten
 * frame once, with {@link #writeForwarded}.
 */
public final class TrafficFlyweight {
  private static final int PAYLOAD_LENGTH_OFFSET = FrameHeader.LENGTH;
  private static final int DESTINATION_OFFSET = PAYLOAD_LENGTH_OFFSET + 2;

  private ByteBuffer buffer;
  private int offset;
  private int frameLength;
  private int payloadLength;
  private int destinationLength; // bytes of the coordinates, length field included
  private int sourceOffset;
  private int sourceLength;
  private int destinationKeyOffset;
  private int sourceKeyOffset;
  private int watermarkLength; // 0 when the frame is tree-routed
  private long watermarkSequence;
  private int payloadOffset;
  private long[] destinationPorts = new long[16];
  private int destinationDepth;
  private int varEnd;

  /**
   * Points the view at the traffic frame of {@code frameLength} bytes at {@code offset}, whose
   * header has passed {@link FrameHeader#check}. Throws the same rejections as {@link
   * FrameCodec#decode}.
   */
  public void wrap(ByteBuffer buffer, int offset, int frameLength) throws WireException {
    this.buffer = buffer;
    this.offset = offset;
    this.frameLength = frameLength;
    int end = offset + frameLength;
    int at = offset + DESTINATION_OFFSET;
    require(at, end, "payload length");
    payloadLength = Short.toUnsignedInt(buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET));
    destinationDepth = 0;
    int destinationEnd = coordinates(at, end, true);
    destinationLength = destinationEnd - at;
    sourceOffset = destinationEnd;
    sourceLength = coordinates(sourceOffset, end, false) - sourceOffset;
    destinationKeyOffset = sourceOffset + sourceLength;
    sourceKeyOffset = destinationKeyOffset + PublicKey.LENGTH;
    at = sourceKeyOffset + PublicKey.LENGTH;
    require(at, end, "traffic keys");
    if (destinationLength == Coordinates.LENGTH_FIELD_LENGTH) {
      require(at + PublicKey.LENGTH, end, "watermark key");
      watermarkSequence = readVarU64(at + PublicKey.LENGTH, end);
      watermarkLength = varEnd - at;
      at = varEnd;
    } else {
      watermarkLength = 0;
      watermarkSequence = 0;
    }
    if (end - at != payloadLength) {
      throw new WireException(
          WireError.PAYLOAD_LENGTH_MISMATCH,
          "payload length " + payloadLength + ", bytes left " + (end - at));
    }
    payloadOffset = at;
  }

  private static void require(int at, int end, String field) throws WireException {
    if (at > end) {
      throw new WireException(WireError.TRUNCATED, field);
    }
  }

  /** Validates coordinates at {@code at}; returns where they end. */
  private int coordinates(int at, int end, boolean keepPorts) throws WireException {
    if (at + Coordinates.LENGTH_FIELD_LENGTH > end) {
      throw new WireException(WireError.TRUNCATED, "coordinates length");
    }
    int length = Short.toUnsignedInt(buffer.getShort(at));
    int portsStart = at + Coordinates.LENGTH_FIELD_LENGTH;
    int portsEnd = portsStart + length;
    if (portsEnd > end) {
      throw new WireException(WireError.TRUNCATED, "coordinates need " + length + " bytes");
    }
    for (int p = portsStart; p < portsEnd; p = varEnd) {
      long port;
      try {
        port = readVarU64(p, portsEnd);
      } catch (WireException e) {
        throw e.reason() == WireError.VARU64_TRUNCATED
            ? new WireException(WireError.COORDINATES_LENGTH_MISMATCH)
            : e;
      }
      if (keepPorts) {
        if (destinationDepth == destinationPorts.length) {
          destinationPorts = Arrays.copyOf(destinationPorts, 2 * destinationDepth);
        }
        destinationPorts[destinationDepth++] = port;
      }
    }
    return portsEnd;
  }

  /** Strict varu64 at an absolute position, as {@link VarU64#get}; sets {@link #varEnd}. */
  private long readVarU64(int at, int end) throws WireException {
    long value = 0;
    for (int p = at; p < end; p++) {
      int b = buffer.get(p) & 0xFF;
      if (b == 0x80 && p == at) {
        throw new WireException(WireError.VARU64_NON_MINIMAL);
      }
      if ((value >>> 57) != 0) {
        throw new WireException(WireError.VARU64_OVERFLOW);
      }
      value = (value << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        varEnd = p + 1;
        return value;
      }
    }
    throw new WireException(WireError.VARU64_TRUNCATED);
  }

  public ByteBuffer buffer() {
    return buffer;
  }

  public int frameLength() {
    return frameLength;
  }

  public int hopLimit() {
    return FrameHeader.hopLimit(buffer, offset);
  }

  public boolean isTreeRouted() {
    return destinationLength > Coordinates.LENGTH_FIELD_LENGTH;
  }

  public int destinationKeyOffset() {
    return destinationKeyOffset;
  }

  public int sourceKeyOffset() {
    return sourceKeyOffset;
  }

  /** Where the watermark key lies, for SNEK-routed frames. */
  public int watermarkKeyOffset() {
    return sourceKeyOffset + PublicKey.LENGTH;
  }

  public long watermarkSequence() {
    return watermarkSequence;
  }

  public int destinationDepth() {
    return destinationDepth;
  }

  /** The destination ports, valid up to {@link #destinationDepth()}; do not keep the array. */
  public long[] destinationPorts() {
    return destinationPorts;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }

  /** True if the source coordinates are empty (a root sent it). */
  public boolean sourceIsRoot() {
    return sourceLength == Coordinates.LENGTH_FIELD_LENGTH;
  }

  /** True if the source coordinates are {@code coordinates}; reads in place, allocates nothing. */
  public boolean sourceEquals(Coordinates coordinates) {
    if (coordinates.encodedLength() != sourceLength) {
      return false;
    }
    int end = sourceOffset + sourceLength;
    int index = 0;
    try {
      for (int p = sourceOffset + Coordinates.LENGTH_FIELD_LENGTH; p < end; p = varEnd) {
        if (index == coordinates.depth() || readVarU64(p, end) != coordinates.port(index++)) {
          return false;
        }
      }
    } catch (WireException impossible) {
      return false; // validated by wrap
    }
    return index == coordinates.depth();
  }

  /** The source coordinates, decoded (allocates: for local delivery only). */
  public Coordinates source() throws WireException {
    ByteBuffer view = buffer.duplicate();
    view.limit(sourceOffset + sourceLength).position(sourceOffset);
    return Coordinates.get(view);
  }

  /**
   * Takes over {@code other}'s view of the same, already validated frame without parsing it again
   * (for a later {@link #writeForwarded}; the destination ports are not carried over).
   */
  public void copyFrom(TrafficFlyweight other) {
    buffer = other.buffer;
    offset = other.offset;
    frameLength = other.frameLength;
    payloadLength = other.payloadLength;
    destinationLength = other.destinationLength;
    sourceOffset = other.sourceOffset;
    sourceLength = other.sourceLength;
    destinationKeyOffset = other.destinationKeyOffset;
    sourceKeyOffset = other.sourceKeyOffset;
    watermarkLength = other.watermarkLength;
    watermarkSequence = other.watermarkSequence;
    payloadOffset = other.payloadOffset;
    destinationDepth = 0;
  }

  /** Length of the frame {@link #writeForwarded} would write. */
  public int forwardedLength(boolean snek, long watermarkSeq) {
    int destination = snek ? Coordinates.LENGTH_FIELD_LENGTH : destinationLength;
    int watermark = snek ? PublicKey.LENGTH + VarU64.encodedLength(watermarkSeq) : 0;
    return DESTINATION_OFFSET
        + destination
        + sourceLength
        + 2 * PublicKey.LENGTH
        + watermark
        + payloadLength;
  }

  /**
   * Writes this frame as forwarded at {@code out}'s position: SNEK-routed (empty destination
   * coordinates, and the given watermark) or tree-routed as it came, with the given hop limit.
   */
  public void writeForwarded(
      ByteBuffer out, int hopLimit, boolean snek, PublicKey watermarkKey, long watermarkSeq) {
    int start = out.position();
    int length = forwardedLength(snek, watermarkSeq);
    FrameHeader.write(out, start, FrameType.TRAFFIC, hopLimit, length);
    out.position(start + FrameHeader.LENGTH);
    out.putShort((short) payloadLength);
    if (snek) {
      out.putShort((short) 0);
    } else {
      copy(out, offset + DESTINATION_OFFSET, destinationLength);
    }
    copy(out, sourceOffset, sourceLength + 2 * PublicKey.LENGTH);
    if (snek) {
      watermarkKey.put(out);
      VarU64.put(out, watermarkSeq);
    }
    copy(out, payloadOffset, payloadLength);
  }

  /** An absolute bulk copy from the frame: no slice, no allocation. */
  private void copy(ByteBuffer out, int from, int length) {
    int at = out.position();
    out.put(at, buffer, from, length);
    out.position(at + length);
  }
}
