package dev.conifer.snek.tree;

import dev.conifer.snek.wire.TreeAnnouncementFrame;

/** What the tree needs from the rest of the node: a way out, and whom to tell what it did. */
public interface TreeLinks {
  /** Queues a signed announcement for the peer on {@code port}. */
  void send(int port, TreeAnnouncementFrame frame);

  /** Parent selection (§5.6) picked a new parent: the snake should bootstrap soon (§7.2). */
  void parentSelected(long nowNs);

  /** §5.4 step 8: the first announcement from this peer's key on any port; greet it. */
  void firstAnnouncementFrom(long nowNs, int port);
}
