package dev.conifer.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * Connected components of the live nodes over links that are up (ground truth, not what nodes
 * believe), plus breadth-first hop counts over the same graph.
 */
public final class Components {
  public static final int NONE = -1;

  private final int[] componentOf;
  private final int componentCount;

  private Components(int[] componentOf, int componentCount) {
    this.componentOf = componentOf;
    this.componentCount = componentCount;
  }

  public static Components of(List<SimNode> nodes) {
    int[] comp = new int[nodes.size()];
    Arrays.fill(comp, NONE);
    int[] queue = new int[nodes.size()];
    int count = 0;
    for (SimNode start : nodes) {
      if (!start.isAlive() || comp[start.index] != NONE) {
        continue;
      }
      int head = 0;
      int tail = 0;
      queue[tail++] = start.index;
      comp[start.index] = count;
      while (head < tail) {
        SimNode n = nodes.get(queue[head++]);
        for (SimLink link : n.links) {
          if (link.isUp()) {
            SimNode o = link.other(n);
            if (comp[o.index] == NONE) {
              comp[o.index] = count;
              queue[tail++] = o.index;
            }
          }
        }
      }
      count++;
    }
    return new Components(comp, count);
  }

  /** The component of node {@code index}, or {@link #NONE} if it is not alive. */
  public int componentOf(int index) {
    return componentOf[index];
  }

  public int count() {
    return componentCount;
  }

  /**
   * Hop counts from {@code source} over up links ({@link Integer#MAX_VALUE} when unreachable).
   * {@code dist} and {@code queue} are caller-owned scratch arrays of the node count.
   */
  public static void distances(List<SimNode> nodes, SimNode source, int[] dist, int[] queue) {
    distance(nodes, source, null, dist, queue);
  }

  /**
   * Hops from {@code source} to {@code target} over up links ({@link Integer#MAX_VALUE} when
   * unreachable); stops as soon as the target is found. A null target fills all of {@code dist}.
   */
  public static int distance(
      List<SimNode> nodes, SimNode source, SimNode target, int[] dist, int[] queue) {
    Arrays.fill(dist, Integer.MAX_VALUE);
    if (source == target) {
      return 0;
    }
    int head = 0;
    int tail = 0;
    dist[source.index] = 0;
    queue[tail++] = source.index;
    while (head < tail) {
      SimNode n = nodes.get(queue[head++]);
      int next = dist[n.index] + 1;
      for (SimLink link : n.links) {
        if (link.isUp()) {
          SimNode o = link.other(n);
          if (dist[o.index] == Integer.MAX_VALUE) {
            if (o == target) {
              return next;
            }
            dist[o.index] = next;
            queue[tail++] = o.index;
          }
        }
      }
    }
    return target == null ? 0 : Integer.MAX_VALUE;
  }
}
