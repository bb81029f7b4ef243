package dev.conifer.snek;

import dev.conifer.snek.forward.CoordinatesCache;
import dev.conifer.snek.snake.Snake;
import dev.conifer.snek.tree.Tree;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import java.util.Objects;

/** Compares the node's visible state with what was last published, and emits the differences. */
final class ChangeEvents {
  private final Tree tree;
  private final Snake snake;
  private final Outbox outbox;
  private final CoordinatesCache coordinatesCache;
  private Root publishedRoot;
  private int publishedParent = SnekNode.NO_PORT;
  private Coordinates publishedCoordinates = Coordinates.ROOT;
  private PublicKey publishedDescending;

  ChangeEvents(Tree tree, Snake snake, Outbox outbox, CoordinatesCache coordinatesCache) {
    this.tree = tree;
    this.snake = snake;
    this.outbox = outbox;
    this.coordinatesCache = coordinatesCache;
  }

  /** Emits an event for each piece of visible state that changed during the call. */
  void publish() {
    Root root = tree.root();
    if (!root.equals(publishedRoot)) {
      if (publishedRoot != null && !root.key().equals(publishedRoot.key())) {
        coordinatesCache.clear(); // coordinates under another root mean nothing
      }
      publishedRoot = root;
      outbox.event(new SnekEvent.RootChanged(root));
    }
    if (tree.parent() != publishedParent) {
      publishedParent = tree.parent();
      outbox.event(new SnekEvent.ParentChanged(publishedParent));
    }
    Coordinates coordinates = tree.coordinates();
    if (!coordinates.equals(publishedCoordinates)) {
      publishedCoordinates = coordinates;
      outbox.event(new SnekEvent.CoordinatesChanged(coordinates));
    }
    PublicKey descending = snake.descendingKey();
    if (!Objects.equals(descending, publishedDescending)) {
      publishedDescending = descending;
      outbox.event(new SnekEvent.DescendingChanged(descending));
    }
  }
}
