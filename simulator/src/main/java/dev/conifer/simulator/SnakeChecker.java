package dev.conifer.simulator;

import dev.conifer.snek.wire.PublicKey;
import java.util.List;

/**
 * Invariant: every live node's descending neighbour is its key-order predecessor within its
 * connected component, with a valid routing-table entry for it (SNEK traffic for keys between the
 * two needs that entry; the descending neighbour itself lives 5 s longer), and the lowest node of a
 * component has none.
 */
public final class SnakeChecker {
  private SnakeChecker() {}

  /** True if live node {@code n}'s descending neighbour is right at {@code nowNs}. */
  static boolean isRight(SimNode n, GroundTruth truth, long nowNs) {
    SimNode predecessor = truth.predecessorOf(n);
    PublicKey descending = n.snek.descending();
    return predecessor == null
        ? descending == null
        : predecessor.key.equals(descending) && n.snek.validRoute(descending, nowNs) != null;
  }

  /** Counts the live nodes whose descending neighbour is right. */
  static int countCorrect(List<SimNode> nodes, GroundTruth truth, long nowNs) {
    int correct = 0;
    for (SimNode n : nodes) {
      if (n.isAlive() && isRight(n, truth, nowNs)) {
        correct++;
      }
    }
    return correct;
  }
}
