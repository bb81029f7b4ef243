package dev.conifer.conformance.archfixture;

import dev.conifer.snek.SnekNode;
import dev.conifer.snek.tree.Tree;

/** Reaches the node and another part directly, as a part of the node must not. */
public final class BadPart {
  private BadPart() {}

  static int parents(SnekNode node, Tree tree) {
    return node.parentPort() + tree.parent();
  }
}
