package dev.conifer.transport.multicast;

import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;

/**
 * The LAN discovery beacon of Go Pinecone (PROTOCOL.md §11): {@code publicKey[32] || u16 BE
 * tcpPort}, 34 bytes, sent to 224.0.0.114 and ff02::114 on UDP port 60606.
 *
 * <p>{@link #decode} never throws: a malformed datagram yields a {@link Reject} and the caller
 * counts it (Go stops listening on an interface after a short datagram; we never do).
 */
public record Beacon(PublicKey publicKey, int tcpPort) {
  public static final int LENGTH = 34;
  public static final int PORT_OFFSET = PublicKey.LENGTH;
  public static final int UDP_PORT = 60606;
  public static final String GROUP_IPV4 = "224.0.0.114";
  public static final String GROUP_IPV6 = "ff02::114";

  /** Why a datagram is not a beacon; each has its own counter. */
  public enum Reject {
    TOO_SHORT,
    TOO_LONG,
    ZERO_PORT,
    ZERO_KEY
  }

  public Beacon {
    if (tcpPort < 1 || tcpPort > 0xFFFF) {
      throw new IllegalArgumentException("beacon port out of range: " + tcpPort);
    }
  }

  public byte[] encode() {
    byte[] bytes = new byte[LENGTH];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    publicKey.write(buffer, 0);
    buffer.putShort(PORT_OFFSET, (short) tcpPort);
    return bytes;
  }

  /** Checks a received datagram, {@code data} from position to limit (not moved). */
  public static Reject check(ByteBuffer data) {
    int length = data.remaining();
    if (length < LENGTH) {
      return Reject.TOO_SHORT;
    }
    if (length > LENGTH) {
      return Reject.TOO_LONG; // Go never sends more; refusing keeps the format unambiguous
    }
    if ((data.getShort(data.position() + PORT_OFFSET) & 0xFFFF) == 0) {
      return Reject.ZERO_PORT;
    }
    if (PublicKey.read(data, data.position()).equals(PublicKey.EMPTY)) {
      return Reject.ZERO_KEY;
    }
    return null;
  }

  /** Decodes a datagram that {@link #check} accepted. */
  public static Beacon decode(ByteBuffer data) {
    Reject reject = check(data);
    if (reject != null) {
      throw new IllegalArgumentException("not a beacon: " + reject);
    }
    return new Beacon(
        PublicKey.read(data, data.position()),
        data.getShort(data.position() + PORT_OFFSET) & 0xFFFF);
  }
}
