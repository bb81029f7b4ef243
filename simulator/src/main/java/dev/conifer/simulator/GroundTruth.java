package dev.conifer.simulator;

import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What converged routing state must be, given the topology alone: the connected components of the
 * live nodes over up links, each component's highest key (its root), and each node's key-order
 * predecessor within its component (its descending neighbour). It changes only when the topology
 * does, so the convergence monitor keeps one per topology version.
 */
final class GroundTruth {
  final Components components;
  final int liveCount;
  private final PublicKey[] highestKey;
  private final SimNode[] predecessor;

  private GroundTruth(
      Components components, int liveCount, PublicKey[] highestKey, SimNode[] predecessor) {
    this.components = components;
    this.liveCount = liveCount;
    this.highestKey = highestKey;
    this.predecessor = predecessor;
  }

  static GroundTruth of(List<SimNode> nodes) {
    Components components = Components.of(nodes);
    List<List<SimNode>> byComponent = new ArrayList<>(components.count());
    for (int i = 0; i < components.count(); i++) {
      byComponent.add(new ArrayList<>());
    }
    int live = 0;
    for (SimNode n : nodes) {
      int c = components.componentOf(n.index);
      if (c != Components.NONE) {
        byComponent.get(c).add(n);
        live++;
      }
    }
    PublicKey[] highest = new PublicKey[components.count()];
    SimNode[] predecessor = new SimNode[nodes.size()];
    for (int c = 0; c < byComponent.size(); c++) {
      List<SimNode> members = byComponent.get(c);
      members.sort(Comparator.comparing(SimNode::key));
      for (int i = 1; i < members.size(); i++) {
        predecessor[members.get(i).index] = members.get(i - 1);
      }
      highest[c] = members.get(members.size() - 1).key;
    }
    return new GroundTruth(components, live, highest, predecessor);
  }

  /** The root key of live node {@code n}'s component. */
  PublicKey rootKeyFor(SimNode n) {
    return highestKey[components.componentOf(n.index)];
  }

  /** The next lower key in live node {@code n}'s component, or null if {@code n} is its lowest. */
  SimNode predecessorOf(SimNode n) {
    return predecessor[n.index];
  }
}
