package dev.conifer.simulator;

import java.util.List;

/** Invariant: every live node's root is the highest key in its connected component. */
public final class RootAgreementChecker {
  private RootAgreementChecker() {}

  /** True if live node {@code n} has its component's root. */
  static boolean isRight(SimNode n, GroundTruth truth) {
    return n.snek.root().key().equals(truth.rootKeyFor(n));
  }

  /** Counts the live nodes whose root key is right. */
  static int countCorrect(List<SimNode> nodes, GroundTruth truth) {
    int correct = 0;
    for (SimNode n : nodes) {
      if (n.isAlive() && isRight(n, truth)) {
        correct++;
      }
    }
    return correct;
  }
}
