package dev.conifer.transport.testing;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.spi.Link;
import dev.conifer.transport.link.PeerAttacher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for the router: accepts every peering (or none) and records it. Thread-safe. */
public final class FakeAttacher implements PeerAttacher {
  /** One accepted (or refused) peering. */
  public record Attached(PeerInfo info, Link link, FakePeerHandle handle) {}

  public final List<Attached> attached = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextPort = new AtomicInteger(1);
  public volatile boolean refuse;

  /** As a router hosted on the links' event loop answers there: no cross-thread queue. */
  public volatile boolean onCallingThread;

  @Override
  public boolean runsOnCallingThread() {
    return onCallingThread;
  }

  @Override
  public PeerHandle attach(PeerInfo info, Link link) {
    if (refuse) {
      attached.add(new Attached(info, link, null));
      return null;
    }
    FakePeerHandle handle = new FakePeerHandle(nextPort.getAndIncrement());
    attached.add(new Attached(info, link, handle));
    return handle;
  }

  public Attached last() {
    return attached.get(attached.size() - 1);
  }
}
