package dev.conifer.snek.route;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** The routing state that next-hop choice reads. Ports are iterated in ascending order. */
public interface RoutingView {
  PublicKey selfKey();

  Coordinates selfCoordinates();

  /** The root of the current root announcement (the parent's, or our own self-root). */
  Root root();

  /** NO_PORT when this node is a root. */
  int parentPort();

  /** Ports are 1..portLimit() inclusive. */
  int portLimit();

  boolean isStarted(int port);

  PublicKey peerKey(int port);

  PeerType peerType(int port);

  /** The stored announcement for {@code port}, or null. */
  PeerAnnouncement announcement(int port);

  /** Snake routes in ascending origin-key order. */
  Iterable<RouteEntry> routes();

  long nowNs();
}
