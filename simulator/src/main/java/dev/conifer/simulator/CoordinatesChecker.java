package dev.conifer.simulator;

import dev.conifer.snek.SnekNode;
import dev.conifer.snek.wire.Coordinates;
import java.util.List;

/**
 * Invariant: a root's coordinates are empty, and every other live node's coordinates are its
 * parent's plus the parent's port towards it.
 */
public final class CoordinatesChecker {
  private CoordinatesChecker() {}

  /** True if live node {@code n}'s coordinates are consistent with its parent's. */
  static boolean isRight(SimNode n) {
    int parentPort = n.snek.parentPort();
    Coordinates coordinates = n.snek.coordinates();
    if (parentPort == SnekNode.NO_PORT) {
      return coordinates.isRoot();
    }
    SimLink link = n.linkAt(parentPort);
    if (link == null || !link.isUp()) {
      return false;
    }
    SimNode parent = link.other(n);
    if (!parent.isAlive()) {
      return false;
    }
    Coordinates parents = parent.snek.coordinates();
    int depth = parents.depth();
    return coordinates.depth() == depth + 1
        && coordinates.startsWith(parents)
        && coordinates.port(depth) == link.portAt(parent);
  }

  /** Counts the live nodes whose coordinates are consistent with their parent's. */
  public static int countCorrect(List<SimNode> nodes) {
    int correct = 0;
    for (SimNode n : nodes) {
      if (n.isAlive() && isRight(n)) {
        correct++;
      }
    }
    return correct;
  }
}
