package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.spi.Link;

/**
 * Hands a verified peering to the router: {@link #of} a {@code Router} in production, a fake in
 * tests. Returns null when no port is free.
 */
@FunctionalInterface
public interface PeerAttacher {
  PeerHandle attach(PeerInfo info, Link link);

  /**
   * True if the router runs on the calling thread, asked on a link's event loop: the link is then
   * written directly, without the cross-thread queue. False by default (the safe answer).
   */
  default boolean runsOnCallingThread() {
    return false;
  }

  /** Attaches to {@code router}, which may be hosted on the links' event loop. */
  static PeerAttacher of(dev.conifer.router.Router router) {
    return new PeerAttacher() {
      @Override
      public PeerHandle attach(PeerInfo info, Link link) {
        return router.attach(info, link);
      }

      @Override
      public boolean runsOnCallingThread() {
        return router.onRouterThread();
      }
    };
  }
}
