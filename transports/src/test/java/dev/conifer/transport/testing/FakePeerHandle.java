package dev.conifer.transport.testing;

import dev.conifer.router.PeerHandle;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a transport hands the router for one peering. Thread-safe. */
public final class FakePeerHandle implements PeerHandle {
  private final int port;
  public final List<byte[]> frames = new CopyOnWriteArrayList<>();
  public final List<String> closeReasons = new CopyOnWriteArrayList<>();
  public final AtomicInteger writableCount = new AtomicInteger();
  public volatile boolean ringFull;

  public FakePeerHandle(int port) {
    this.port = port;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean onFrame(ByteBuffer frame) {
    if (ringFull) {
      return false;
    }
    byte[] copy = new byte[frame.remaining()];
    frame.duplicate().get(copy); // the contract: copy, leave the position alone
    frames.add(copy);
    return true;
  }

  @Override
  public void onWritable() {
    writableCount.incrementAndGet();
  }

  @Override
  public void onClosed(String reason) {
    closeReasons.add(reason);
  }

  public boolean closed() {
    return !closeReasons.isEmpty();
  }
}
