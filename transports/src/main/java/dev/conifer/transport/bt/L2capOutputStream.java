package dev.conifer.transport.bt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import javax.bluetooth.L2CAPConnection;

/**
 * Segments the peering byte stream into L2CAP packets of at most the transmit MTU. Bytes are packed
 * into one buffer and sent when it is full or on {@link #flush()}, so several small frames (a
 * keepalive, an announcement) share one packet and a large frame spans several. The reader glues
 * packets back together ({@link L2capInputStream}); frame boundaries carry no meaning, as on TCP.
 */
public final class L2capOutputStream extends OutputStream {
  private final L2CAPConnection connection;
  private final byte[] packet;
  private int length;
  private long packetsSent;

  public L2capOutputStream(L2CAPConnection connection) throws IOException {
    int mtu = connection.getTransmitMTU();
    if (mtu < 1) {
      throw new IOException("L2CAP transmit MTU is " + mtu);
    }
    this.connection = connection;
    this.packet = new byte[mtu];
  }

  @Override
  public void write(int b) throws IOException {
    if (length == packet.length) {
      sendPacket();
    }
    packet[length++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    while (count > 0) {
      if (length == packet.length) {
        sendPacket();
      }
      int chunk = Math.min(count, packet.length - length);
      System.arraycopy(bytes, offset, packet, length, chunk);
      length += chunk;
      offset += chunk;
      count -= chunk;
    }
  }

  @Override
  public void flush() throws IOException {
    if (length > 0) {
      sendPacket();
    }
  }

  private void sendPacket() throws IOException {
    // JSR-82 send() takes a whole array as one packet, so a partial one is copied.
    connection.send(length == packet.length ? packet : Arrays.copyOf(packet, length));
    length = 0;
    packetsSent++;
  }

  public int transmitMtu() {
    return packet.length;
  }

  public long packetsSent() {
    return packetsSent;
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
