package dev.conifer.transport.bt;

import java.io.IOException;
import java.io.InputStream;
import javax.bluetooth.L2CAPConnection;

/**
 * Reassembles the peering byte stream from L2CAP packets: each received packet is served in order
 * as plain bytes; the frame decoder downstream finds the frames, whatever the packet boundaries.
 * The buffer holds a whole receive MTU, because JSR-82 discards what does not fit.
 */
public final class L2capInputStream extends InputStream {
  private final L2CAPConnection connection;
  private final byte[] packet;
  private int position;
  private int limit;

  public L2capInputStream(L2CAPConnection connection) throws IOException {
    int mtu = connection.getReceiveMTU();
    if (mtu < 1) {
      throw new IOException("L2CAP receive MTU is " + mtu);
    }
    this.connection = connection;
    this.packet = new byte[mtu];
  }

  /** Blocks for the next non-empty packet; false at the end of the stream. */
  private boolean fill() throws IOException {
    while (position == limit) {
      int received = connection.receive(packet);
      if (received < 0) {
        return false;
      }
      position = 0;
      limit = Math.min(received, packet.length);
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return fill() ? packet[position++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] bytes, int offset, int count) throws IOException {
    if (count == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int chunk = Math.min(count, limit - position);
    System.arraycopy(packet, position, bytes, offset, chunk);
    position += chunk;
    return chunk;
  }

  @Override
  public int available() {
    return limit - position;
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
