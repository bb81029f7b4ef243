package dev.conifer.simulator;

import java.util.List;

/**
 * Hop counts between two live nodes over links that are up, by breadth-first search from both ends
 * at once. A probe needs one per send; a one-sided search touches nearly every node of a large
 * random graph (and clearing a distance array per call alone is O(nodes)), while the two frontiers
 * meet after a few hundred. Visits are stamped with a search number, so nothing is cleared between
 * calls. The up links are copied into flat neighbour arrays once per topology version (a search
 * over link objects spent its time loading them). Exact: the same answer as {@link
 * Components#distance}.
 */
final class ShortestPaths {
  private int[] stampFrom = new int[0];
  private int[] stampTo = new int[0];
  private int[] distFrom = new int[0];
  private int[] distTo = new int[0];
  private int[] queueFrom = new int[0];
  private int[] queueTo = new int[0];
  private int stamp;
  private long adjacencyVersion = -1;
  private int[] neighboursStart = new int[1];
  private int[] neighbours = new int[0];

  /**
   * Links on a shortest path from {@code source} to {@code target}, or MAX_VALUE if none; {@code
   * topologyVersion} is the network's, which says whether the links copied last time still hold.
   */
  int distance(List<SimNode> nodes, long topologyVersion, SimNode source, SimNode target) {
    if (source == target) {
      return 0;
    }
    ensureCapacity(nodes.size());
    if (adjacencyVersion != topologyVersion) {
      copyUpLinks(nodes);
      adjacencyVersion = topologyVersion;
    }
    if (++stamp == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stampFrom, 0);
      java.util.Arrays.fill(stampTo, 0);
      stamp = 1;
    }
    int headF = 0;
    int tailF = 0;
    int headT = 0;
    int tailT = 0;
    stampFrom[source.index] = stamp;
    distFrom[source.index] = 0;
    queueFrom[tailF++] = source.index;
    stampTo[target.index] = stamp;
    distTo[target.index] = 0;
    queueTo[tailT++] = target.index;
    while (headF < tailF && headT < tailT) {
      // Expand one whole level of the smaller frontier; the best meeting in it is the answer.
      boolean forward = tailF - headF <= tailT - headT;
      int[] queue = forward ? queueFrom : queueTo;
      int[] dist = forward ? distFrom : distTo;
      int[] seen = forward ? stampFrom : stampTo;
      int[] otherDist = forward ? distTo : distFrom;
      int[] otherSeen = forward ? stampTo : stampFrom;
      int head = forward ? headF : headT;
      int tail = forward ? tailF : tailT;
      int levelEnd = tail;
      int best = Integer.MAX_VALUE;
      while (head < levelEnd) {
        int u = queue[head++];
        for (int j = neighboursStart[u], end = neighboursStart[u + 1]; j < end; j++) {
          int v = neighbours[j];
          if (otherSeen[v] == stamp) {
            best = Math.min(best, dist[u] + 1 + otherDist[v]);
          }
          if (seen[v] != stamp) {
            seen[v] = stamp;
            dist[v] = dist[u] + 1;
            queue[tail++] = v;
          }
        }
      }
      if (best != Integer.MAX_VALUE) {
        return best;
      }
      if (forward) {
        headF = head;
        tailF = tail;
      } else {
        headT = head;
        tailT = tail;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Each node's neighbours over links that are up, in link order. */
  private void copyUpLinks(List<SimNode> nodes) {
    int n = nodes.size();
    if (neighboursStart.length < n + 1) {
      neighboursStart = new int[n + 1];
    }
    int count = 0;
    for (int u = 0; u < n; u++) {
      for (SimLink link : nodes.get(u).links) {
        count += link.isUp() ? 1 : 0;
      }
    }
    if (neighbours.length < count) {
      neighbours = new int[count];
    }
    int next = 0;
    for (int u = 0; u < n; u++) {
      neighboursStart[u] = next;
      SimNode node = nodes.get(u);
      for (SimLink link : node.links) {
        if (link.isUp()) {
          neighbours[next++] = link.other(node).index;
        }
      }
    }
    neighboursStart[n] = next;
  }

  private void ensureCapacity(int n) {
    if (stampFrom.length < n) {
      int size = Math.max(n, stampFrom.length * 2);
      stampFrom = java.util.Arrays.copyOf(stampFrom, size);
      stampTo = java.util.Arrays.copyOf(stampTo, size);
      distFrom = new int[size];
      distTo = new int[size];
      queueFrom = new int[size];
      queueTo = new int[size];
    }
  }
}
