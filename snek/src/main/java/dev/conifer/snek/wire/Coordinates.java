package dev.conifer.snek.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tree position: the switch ports on the path from the root down. Encoded as a u16 byte length
 * followed by one varu64 per port (PROTOCOL.md §2.2). Immutable.
 */
public final class Coordinates {
  public static final Coordinates ROOT = new Coordinates(new long[0]);
  public static final int LENGTH_FIELD_LENGTH = 2;

  private final long[] ports;
  private final int portsLength;

  private Coordinates(long[] ports) {
    this.ports = ports;
    int length = 0;
    for (long port : ports) {
      length += VarU64.encodedLength(port);
    }
    this.portsLength = length;
  }

  public static Coordinates of(long... ports) {
    return ports.length == 0 ? ROOT : new Coordinates(ports.clone());
  }

  /** This path extended by one port: a child's coordinates. */
  public Coordinates child(long port) {
    long[] next = Arrays.copyOf(ports, ports.length + 1);
    next[ports.length] = port;
    return new Coordinates(next);
  }

  public int depth() {
    return ports.length;
  }

  public long port(int index) {
    return ports[index];
  }

  public boolean isRoot() {
    return ports.length == 0;
  }

  /** Bytes on the wire, including the two-byte length. */
  public int encodedLength() {
    return LENGTH_FIELD_LENGTH + portsLength;
  }

  public void put(ByteBuffer buffer) {
    buffer.putShort((short) portsLength);
    for (long port : ports) {
      VarU64.put(buffer, port);
    }
  }

  /** Reads at the buffer's position; the ports must fill the declared byte length exactly. */
  public static Coordinates get(ByteBuffer buffer) throws WireException {
    if (buffer.remaining() < LENGTH_FIELD_LENGTH) {
      throw new WireException(WireError.TRUNCATED, "coordinates length");
    }
    int length = Short.toUnsignedInt(buffer.getShort());
    if (length == 0) {
      return ROOT;
    }
    if (buffer.remaining() < length) {
      throw new WireException(WireError.TRUNCATED, "coordinates need " + length + " bytes");
    }
    int end = buffer.position() + length;
    int savedLimit = buffer.limit();
    buffer.limit(end);
    long[] ports = new long[Math.min(length, 16)];
    int count = 0;
    try {
      while (buffer.position() < end) {
        if (count == ports.length) {
          ports = Arrays.copyOf(ports, 2 * count);
        }
        ports[count++] = VarU64.get(buffer);
      }
    } catch (WireException e) {
      throw e.reason() == WireError.VARU64_TRUNCATED
          ? new WireException(WireError.COORDINATES_LENGTH_MISMATCH)
          : e;
    } finally {
      buffer.limit(savedLimit);
    }
    return new Coordinates(Arrays.copyOf(ports, count));
  }

  /** Tree distance: {@code len(a) + len(b) - 2 * commonPrefix(a, b)}. */
  public int distanceTo(Coordinates other) {
    int common = 0;
    int max = Math.min(ports.length, other.ports.length);
    while (common < max && ports[common] == other.ports[common]) {
      common++;
    }
    return ports.length + other.ports.length - 2 * common;
  }

  /** Tree distance to the path {@code ports[0, depth)}, without allocating. */
  public int distanceTo(long[] ports, int depth) {
    int common = 0;
    int max = Math.min(this.ports.length, depth);
    while (common < max && this.ports[common] == ports[common]) {
      common++;
    }
    return this.ports.length + depth - 2 * common;
  }

  /** True if this path is exactly {@code ports[0, depth)}. */
  public boolean equalsPorts(long[] ports, int depth) {
    return this.ports.length == depth && Arrays.equals(this.ports, 0, depth, ports, 0, depth);
  }

  /** True if {@code this} has exactly {@code prefix.depth()} leading ports equal to prefix's. */
  public boolean startsWith(Coordinates prefix) {
    if (prefix.ports.length > ports.length) {
      return false;
    }
    return Arrays.equals(ports, 0, prefix.ports.length, prefix.ports, 0, prefix.ports.length);
  }

  public long[] toArray() {
    return ports.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Coordinates c && Arrays.equals(ports, c.ports);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ports);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ports.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(Long.toUnsignedString(ports[i]));
    }
    return sb.append(']').toString();
  }
}
