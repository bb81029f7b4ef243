package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.spi.Link;

/**
 * Hands a verified peering to the router: {@code Router::attach} in production, a fake in tests.
 * Returns null when no port is free.
 */
@FunctionalInterface
public interface PeerAttacher {
  PeerHandle attach(PeerInfo info, Link link);
}
