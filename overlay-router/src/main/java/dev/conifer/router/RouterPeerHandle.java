package dev.conifer.router;

import java.nio.ByteBuffer;

/**
 * The transport's side of one peering: every call becomes a typed {@link RouterInput} call tagged
 * with the peering's generation (into the core on the router's own thread, else onto the ring), so
 * a stale handle cannot touch a later peering that reuses its port.
 */
final class RouterPeerHandle implements PeerHandle {
  private final Router router;
  private final int port;
  private final long generation;
  private volatile boolean closed;

  RouterPeerHandle(Router router, int port, long generation) {
    this.router = router;
    this.port = port;
    this.generation = generation;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean onFrame(ByteBuffer frame) {
    if (closed) {
      router.metrics().drop(DropReason.PEER_GONE);
      return false;
    }
    return router.input().frame(RouterInput.NOW, port, generation, frame);
  }

  @Override
  public void onReadComplete() {
    router.readComplete();
  }

  @Override
  public void onWritable() {
    if (!closed) {
      router.input().writable(RouterInput.NOW, port, generation);
    }
  }

  @Override
  public void onClosed(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    // If the ring is full this is lost, but the peer then hits the read timeout and is torn
    // down anyway (its later frames are refused here).
    router.input().closed(RouterInput.NOW, port, generation, reason);
  }

  @Override
  public String toString() {
    return "PeerHandle[port=" + port + ", generation=" + generation + "]";
  }
}
