package dev.conifer.simulator;

import dev.conifer.snek.wire.PublicKey;
import java.util.List;

/** Invariant: every live node's root is the highest key in its connected component. */
public final class RootAgreementChecker {
  private RootAgreementChecker() {}

  /** Counts the live nodes whose root key is right. */
  public static int countCorrect(List<SimNode> nodes, Components components) {
    PublicKey[] maxKey = new PublicKey[components.count()];
    for (SimNode n : nodes) {
      int c = components.componentOf(n.index);
      if (c != Components.NONE && (maxKey[c] == null || n.key.greaterThan(maxKey[c]))) {
        maxKey[c] = n.key;
      }
    }
    int correct = 0;
    for (SimNode n : nodes) {
      int c = components.componentOf(n.index);
      if (c != Components.NONE && n.snek.root().key().equals(maxKey[c])) {
        correct++;
      }
    }
    return correct;
  }
}
