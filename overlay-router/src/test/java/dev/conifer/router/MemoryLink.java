package dev.conifer.router;

import dev.conifer.router.spi.Link;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of an in-memory link between two routers: {@link #write} hands the frame to the other
 * router's handle. Frames written before the other side has attached are held until it does. Shared
 * with the modules above through this module's test jar.
 */
public final class MemoryLink implements Link {
  private MemoryLink remote;
  private PeerHandle handle;
  private final List<byte[]> early = new ArrayList<>();
  private boolean closed;

  /** Links two routers in both directions; returns the handles (a's, then b's). */
  public static PeerHandle[] connect(Router a, Router b) {
    MemoryLink ab = new MemoryLink();
    MemoryLink ba = new MemoryLink();
    ab.remote = ba;
    ba.remote = ab;
    PeerHandle onA =
        a.attach(new PeerInfo(b.publicKey(), dev.conifer.snek.PeerType.PIPE, "", "mem:b"), ab);
    ab.bind(onA);
    PeerHandle onB =
        b.attach(new PeerInfo(a.publicKey(), dev.conifer.snek.PeerType.PIPE, "", "mem:a"), ba);
    ba.bind(onB);
    return new PeerHandle[] {onA, onB};
  }

  private void bind(PeerHandle peerHandle) {
    List<byte[]> held;
    synchronized (this) {
      handle = peerHandle;
      held = new ArrayList<>(early);
      early.clear();
    }
    for (byte[] frame : held) {
      peerHandle.onFrame(ByteBuffer.wrap(frame));
    }
  }

  /** A frame arriving from the other end. */
  private void receive(byte[] frame) {
    PeerHandle target;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (handle == null) {
        early.add(frame);
        return;
      }
      target = handle;
    }
    target.onFrame(ByteBuffer.wrap(frame));
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  @Override
  public void write(java.nio.ByteBuffer buffer) {
    byte[] frame = new byte[buffer.remaining()];
    buffer.get(frame);
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    remote.receive(frame);
  }

  @Override
  public void flush() {}

  @Override
  public void close(String reason) {
    shut(reason);
    remote.shut("remote closed: " + reason);
  }

  private void shut(String reason) {
    PeerHandle target;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      target = handle;
    }
    if (target != null) {
      target.onClosed(reason);
    }
  }
}
