package dev.conifer.simulator;

import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Invariant: every live node's descending neighbour is its key-order predecessor within its
 * connected component, with a valid routing-table entry for it (SNEK traffic for keys between the
 * two needs that entry; the descending neighbour itself lives 5 s longer), and the lowest node of a
 * component has none.
 */
public final class SnakeChecker {
  private SnakeChecker() {}

  /** Counts the live nodes whose descending neighbour is right. */
  public static int countCorrect(List<SimNode> nodes, Components components, long nowNs) {
    List<List<SimNode>> byComponent = new ArrayList<>(components.count());
    for (int i = 0; i < components.count(); i++) {
      byComponent.add(new ArrayList<>());
    }
    for (SimNode n : nodes) {
      int c = components.componentOf(n.index);
      if (c != Components.NONE) {
        byComponent.get(c).add(n);
      }
    }
    int correct = 0;
    for (List<SimNode> members : byComponent) {
      members.sort(Comparator.comparing(SimNode::key));
      PublicKey predecessor = null;
      for (SimNode n : members) {
        PublicKey descending = n.snek.descending();
        if (predecessor == null
            ? descending == null
            : predecessor.equals(descending) && n.snek.validRoute(descending, nowNs) != null) {
          correct++;
        }
        predecessor = n.key;
      }
    }
    return correct;
  }
}
