package dev.conifer.transport.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.bluetooth.L2CAPConnection;

/**
 * One end of an in-memory L2CAP channel (JSR-82). {@link #send} refuses a packet over the transmit
 * MTU (a real stack would truncate it: a bug either way), {@link #receive} truncates to the
 * caller's buffer as JSR-82 specifies, and {@link #drop()} breaks the link for both ends: blocked
 * and later calls throw {@code IOException}.
 */
public final class FakeL2capConnection implements L2CAPConnection {
  private static final byte[] DROPPED = new byte[0];

  private final int mtu;
  private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
  private FakeL2capConnection peer;
  private volatile boolean dropped;
  private boolean stalled; // guarded by this: send() waits while true, like a congested radio
  public final List<Integer> sentLengths = Collections.synchronizedList(new ArrayList<>());

  private FakeL2capConnection(int mtu) {
    this.mtu = mtu;
  }

  /** Two connected ends with the same MTU both ways. */
  public static FakeL2capConnection[] pair(int mtu) {
    FakeL2capConnection a = new FakeL2capConnection(mtu);
    FakeL2capConnection b = new FakeL2capConnection(mtu);
    a.peer = b;
    b.peer = a;
    return new FakeL2capConnection[] {a, b};
  }

  @Override
  public int getTransmitMTU() {
    return mtu;
  }

  @Override
  public int getReceiveMTU() {
    return mtu;
  }

  /** Makes {@link #send} block until {@link #resume()} (or a drop). */
  public synchronized void stall() {
    stalled = true;
  }

  public synchronized void resume() {
    stalled = false;
    notifyAll();
  }

  private synchronized void awaitNotStalled() throws IOException {
    try {
      while (stalled && !dropped) {
        wait(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void send(byte[] data) throws IOException {
    awaitNotStalled();
    if (dropped) {
      throw new IOException("link dropped");
    }
    if (data.length > mtu) {
      throw new IOException("packet of " + data.length + " bytes exceeds the MTU of " + mtu);
    }
    sentLengths.add(data.length);
    peer.inbound.add(data.clone());
  }

  @Override
  public int receive(byte[] buffer) throws IOException {
    try {
      while (true) {
        if (dropped) {
          throw new IOException("link dropped");
        }
        byte[] packet = inbound.poll(50, TimeUnit.MILLISECONDS);
        if (packet == DROPPED) {
          throw new IOException("link dropped");
        }
        if (packet != null) {
          int n = Math.min(packet.length, buffer.length);
          System.arraycopy(packet, 0, buffer, 0, n);
          return n;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public boolean ready() {
    return !inbound.isEmpty();
  }

  /** Breaks the link at both ends, as a radio going out of range would. */
  public void drop() {
    dropped = true;
    inbound.add(DROPPED);
    peer.dropped = true;
    peer.inbound.add(DROPPED);
  }

  @Override
  public void close() {
    drop();
  }

  public boolean isDropped() {
    return dropped;
  }
}
