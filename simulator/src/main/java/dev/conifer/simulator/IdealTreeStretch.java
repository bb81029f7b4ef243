package dev.conifer.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * The stretch that idealised greedy tree routing would have on the same graph and pairs, to compare
 * with the measured stretch of established flows: a breadth-first spanning tree from each
 * component's root (its highest key, as SNEK elects), and at every node the next hop is the
 * neighbour (over any up link, not only tree links) closest to the destination in tree distance,
 * ties to the first link. Computed on the links up when it is called; the same for every seed of a
 * static graph, and only an approximation under churn.
 */
final class IdealTreeStretch {
  private final List<SimNode> nodes;
  private final int[] parent;
  private final int[] depth;

  private IdealTreeStretch(List<SimNode> nodes) {
    this.nodes = nodes;
    int n = nodes.size();
    parent = new int[n];
    depth = new int[n];
    Arrays.fill(depth, -1);
    Components components = Components.of(nodes);
    SimNode[] roots = new SimNode[components.count()];
    for (SimNode node : nodes) {
      int c = components.componentOf(node.index);
      if (c != Components.NONE && (roots[c] == null || node.key.compareTo(roots[c].key) > 0)) {
        roots[c] = node;
      }
    }
    int[] queue = new int[n];
    for (SimNode root : roots) {
      int head = 0;
      int tail = 0;
      queue[tail++] = root.index;
      depth[root.index] = 0;
      parent[root.index] = -1;
      while (head < tail) {
        SimNode u = nodes.get(queue[head++]);
        for (SimLink link : u.links) {
          SimNode v = link.other(u);
          if (link.isUp() && depth[v.index] < 0) {
            depth[v.index] = depth[u.index] + 1;
            parent[v.index] = u.index;
            queue[tail++] = v.index;
          }
        }
      }
    }
  }

  static IdealTreeStretch of(List<SimNode> nodes) {
    return new IdealTreeStretch(nodes);
  }

  /** Links between two nodes through their lowest common ancestor in the tree. */
  int treeDistance(int a, int b) {
    int d = 0;
    while (depth[a] > depth[b]) {
      a = parent[a];
      d++;
    }
    while (depth[b] > depth[a]) {
      b = parent[b];
      d++;
    }
    while (a != b) {
      a = parent[a];
      b = parent[b];
      d += 2;
    }
    return d;
  }

  /** Links greedy tree routing crosses from source to destination, or -1 if not connected. */
  int greedyHops(SimNode source, SimNode destination) {
    if (depth[source.index] < 0 || depth[destination.index] < 0) {
      return -1;
    }
    int target = destination.index;
    SimNode at = source;
    int hops = 0;
    int remaining = treeDistance(at.index, target);
    while (remaining > 0) {
      SimNode best = null;
      int bestDistance = remaining;
      for (SimLink link : at.links) {
        if (!link.isUp()) {
          continue;
        }
        SimNode v = link.other(at);
        int d = treeDistance(v.index, target);
        if (d < bestDistance) {
          best = v;
          bestDistance = d;
        }
      }
      if (best == null) {
        return -1; // another component: cannot happen while depth says connected
      }
      at = best;
      remaining = bestDistance;
      hops++;
    }
    return hops;
  }
}
