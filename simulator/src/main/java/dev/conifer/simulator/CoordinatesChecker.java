package dev.conifer.simulator;

import dev.conifer.snek.SnekNode;
import java.util.List;

/**
 * Invariant: a root's coordinates are empty, and every other live node's coordinates are its
 * parent's plus the parent's port towards it.
 */
public final class CoordinatesChecker {
  private CoordinatesChecker() {}

  /** Counts the live nodes whose coordinates are consistent with their parent's. */
  public static int countCorrect(List<SimNode> nodes) {
    int correct = 0;
    for (SimNode n : nodes) {
      if (!n.isAlive()) {
        continue;
      }
      int parentPort = n.snek.parentPort();
      if (parentPort == SnekNode.NO_PORT) {
        if (n.snek.coordinates().isRoot()) {
          correct++;
        }
        continue;
      }
      SimLink link = n.linkAt(parentPort);
      if (link == null || !link.isUp()) {
        continue;
      }
      SimNode parent = link.other(n);
      if (parent.isAlive()
          && n.snek.coordinates().equals(parent.snek.coordinates().child(link.portAt(parent)))) {
        correct++;
      }
    }
    return correct;
  }
}
