package dev.conifer.snek;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** State changes worth telling the application, drained with {@link SnekNode#pollEvent()}. */
public sealed interface SnekEvent {
  /** The root this node follows changed (key or sequence). */
  record RootChanged(Root root) implements SnekEvent {}

  /** The parent port changed; {@link SnekNode#NO_PORT} means this node is now a root. */
  record ParentChanged(int parentPort) implements SnekEvent {}

  record CoordinatesChanged(Coordinates coordinates) implements SnekEvent {}

  /** The snake's descending neighbour changed; {@code key} is null when there is none. */
  record DescendingChanged(PublicKey key) implements SnekEvent {}

  /** A wakeup broadcast arrived: {@code key} is within about five hops. */
  record BroadcastReceived(PublicKey key) implements SnekEvent {}

  /**
   * The node wants a peering closed for a reason other than one frame's verdict (for example a
   * per-peer limit). The driver closes it and calls {@link SnekNode#portDown}.
   */
  record DisconnectRequested(int port, String reason) implements SnekEvent {}
}
