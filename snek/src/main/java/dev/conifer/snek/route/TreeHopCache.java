package dev.conifer.snek.route;

import dev.conifer.snek.wire.Coordinates;

/**
 * Remembers {@link ReferenceNextHop#tree} answers per (destination coordinates, arrival port), so
 * that a relay with many peers does not compare every peer's coordinates for every frame of a flow.
 * The answer depends only on tree state, which changes on announcements, ports going up or down,
 * and timers; the node calls {@link #invalidate} on each of those, and never on traffic.
 * Direct-mapped and bounded: a collision just recomputes. A node with few ports just walks them.
 */
public final class TreeHopCache {
  private static final int SLOTS = 256; // a power of two

  /** Up to this many ports, walking them is cheaper than hashing the destination. */
  static final int PORTS_WALKED = 8;

  private final long[][] ports = new long[SLOTS][];
  private final int[] depths = new int[SLOTS];
  private final int[] fromPorts = new int[SLOTS];
  private final int[] hops = new int[SLOTS];
  private final long[] generations = new long[SLOTS]; // 0: never filled
  private long generation = 1;

  /** Forgets every answer: the tree state they were computed from has changed. */
  public void invalidate() {
    generation++;
  }

  /** {@link ReferenceNextHop#tree(RoutingView, int, long[], int)}, remembered. */
  public int tree(RoutingView view, int fromPort, long[] destination, int depth) {
    if (view.portLimit() <= PORTS_WALKED) {
      return ReferenceNextHop.tree(view, fromPort, destination, depth);
    }
    long h = fromPort;
    for (int i = 0; i < depth; i++) {
      h = h * 31 + destination[i];
    }
    int slot = slot(h, depth);
    if (generations[slot] == generation
        && fromPorts[slot] == fromPort
        && depths[slot] == depth
        && samePorts(ports[slot], destination, depth)) {
      return hops[slot];
    }
    int hop = ReferenceNextHop.tree(view, fromPort, destination, depth);
    long[] kept = ports[slot];
    if (kept == null || kept.length < depth) {
      kept = new long[Math.max(depth, 8)];
      ports[slot] = kept;
    }
    System.arraycopy(destination, 0, kept, 0, depth);
    depths[slot] = depth;
    fromPorts[slot] = fromPort;
    hops[slot] = hop;
    generations[slot] = generation;
    return hop;
  }

  /** The same for decoded coordinates. */
  public int tree(RoutingView view, int fromPort, Coordinates destination) {
    long[] path = scratch;
    int depth = destination.depth();
    if (path.length < depth) {
      path = new long[depth];
      scratch = path;
    }
    for (int i = 0; i < depth; i++) {
      path[i] = destination.port(i);
    }
    return tree(view, fromPort, path, depth);
  }

  private long[] scratch = new long[16];

  private static int slot(long h, int depth) {
    long mixed = (h + depth) * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 56) & (SLOTS - 1);
  }

  private static boolean samePorts(long[] kept, long[] destination, int depth) {
    for (int i = 0; i < depth; i++) {
      if (kept[i] != destination[i]) {
        return false;
      }
    }
    return true;
  }
}
