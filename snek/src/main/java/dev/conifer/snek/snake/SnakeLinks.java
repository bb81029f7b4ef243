package dev.conifer.snek.snake;

import dev.conifer.snek.route.Hop;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.Watermark;

/** What the snake needs from the rest of the node: the tree's position, next hops, a way out. */
public interface SnakeLinks {
  /** The root this node follows now (§5.3). */
  Root root();

  /** The tree parent's port, or {@link Hop#NONE} when this node is a root. */
  int parentPort();

  /** The next bootstrap sequence: strictly increasing milliseconds (§7.1). */
  long nextSequence(long nowNs);

  /** The SNEK next hop (§8.1) for a frame to {@code destination}. */
  Hop nextHop(PublicKey destination, boolean bootstrap, Watermark watermark);

  /** Queues a bootstrap this node originates. */
  void send(int port, BootstrapFrame frame);

  /**
   * Counts one bootstrap from the peer on {@code port}; false once its per-second budget is spent.
   */
  boolean tryAcquireBootstrap(int port, long nowNs);

  /** A bootstrap was not installed because the routing table is full. */
  void routeRefused();
}
