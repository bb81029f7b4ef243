package dev.conifer.router;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/**
 * Router events. Every method is called on the router thread: return quickly and never block. A
 * listener that throws is counted in {@code conifer.router.errors} and logged at warning.
 */
public interface RouterListener {
  default void onPeerUp(int port, PeerInfo info) {}

  default void onPeerDown(int port, PeerInfo info, String reason) {}

  default void onRootChanged(Root root) {}

  /** {@code port} is {@code SnekNode.NO_PORT} when this node became a root. */
  default void onParentChanged(int port) {}

  default void onCoordinatesChanged(Coordinates coordinates) {}

  /** The snake's descending neighbour; null when there is none. */
  default void onDescendingChanged(PublicKey key) {}

  /** A wakeup broadcast from {@code key} arrived: it is within about five hops. */
  default void onBroadcastReceived(PublicKey key) {}

  /**
   * Frames that carry no data from the peer on {@code port} were dropped by its rate limits ({@code
   * reason} is the latest kind): {@code dropped} since the last call, at most one call per peer
   * every 10 s; {@code readPauses}: how often its link's reads were paused meanwhile, to slow it at
   * the source. Worth an info line; the drops are counted in {@code conifer.drops} as well.
   */
  default void onInputLimited(
      int port, PeerInfo info, DropReason reason, long dropped, long readPauses) {}

  /**
   * A bug inside the router (core, snek, a link or a receiver threw); the router counted it in
   * {@code conifer.router.errors} and kept running. Worth a log line with the stack trace.
   */
  default void onInternalError(Throwable error) {}
}
