package dev.conifer.transport.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on 127.0.0.1 between one client and one server that drops a seeded fraction of
 * datagrams in each direction. Two daemon threads; {@link #close()} stops them.
 */
public final class LossyUdpProxy implements AutoCloseable {
  private final DatagramSocket front; // the client talks to this
  private final DatagramSocket back; // this talks to the server
  private final InetSocketAddress server;
  private final double dropRate;
  private final Random random;
  private volatile SocketAddress client;
  public final AtomicLong forwarded = new AtomicLong();
  public final AtomicLong dropped = new AtomicLong();

  public LossyUdpProxy(InetSocketAddress server, double dropRate, long seed) throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.server = server;
    this.dropRate = dropRate;
    this.random = new Random(seed);
    start("proxy-up", front, true);
    start("proxy-down", back, false);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) front.getLocalSocketAddress();
  }

  private void start(String name, DatagramSocket from, boolean upstream) {
    Thread thread = new Thread(() -> relay(from, upstream), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void relay(DatagramSocket from, boolean upstream) {
    byte[] buffer = new byte[65_535];
    while (!from.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        from.receive(packet);
        if (upstream) {
          client = packet.getSocketAddress();
        }
        if (drop()) {
          dropped.incrementAndGet();
          continue;
        }
        SocketAddress target = upstream ? server : client;
        if (target == null) {
          continue;
        }
        DatagramSocket out = upstream ? back : front;
        out.send(new DatagramPacket(packet.getData(), packet.getLength(), target));
        forwarded.incrementAndGet();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private boolean drop() {
    synchronized (random) {
      return random.nextDouble() < dropRate;
    }
  }

  @Override
  public void close() {
    front.close();
    back.close();
  }
}
