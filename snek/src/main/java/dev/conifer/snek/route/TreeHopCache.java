package dev.conifer.snek.route;

import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Root;

/**
 * Remembers {@link ReferenceNextHop#tree} answers per destination, so that a relay with many peers
 * does not compare every peer's coordinates for every frame of a flow.
 *
 * <p>An answer depends on our coordinates and root, and on each port's peer state. The cache checks
 * the first two itself on every lookup (a change forgets every answer). Port changes come from the
 * {@link PortChangeLog}: a remembered answer is brought up to date by looking at just the ports
 * that changed since it was computed (a changed port can only take the answer's place, unless it
 * was the answer), and is recomputed if its own port changed or too many have. So at a hub, where
 * some peer re-announces between nearly any two frames, answers survive. Nothing needs telling.
 *
 * <p>Answers are kept without regard to the arrival port; a frame whose remembered best hop is the
 * port it came from (a frame going backwards, which greedy routing does not do once the tree is
 * settled) gets the walk that leaves that port out. Direct-mapped and bounded, sized by the port
 * count: a collision just recomputes. A node with few ports just walks them.
 */
public final class TreeHopCache {
  /** Up to this many ports, walking them is cheaper than hashing the destination. */
  static final int PORTS_WALKED = 8;

  static final int SLOTS_MIN = 256;
  static final int SLOTS_MAX = 65_536;
  private static final int SLOTS_PER_PORT = 32;
  private static final int MISS = Integer.MIN_VALUE;

  private final PortChangeLog changes;
  private long[][] keys = new long[0][];
  private int[] depths = new int[0];
  private int[] hops = new int[0];
  private int[] distances = new int[0];
  private long[] changeCounts = new long[0];
  private long[] generations = new long[0]; // 0: never filled
  private long generation = 1;
  private Coordinates answersSelf;
  private Root answersRoot;
  private long[] scratch = new long[16];

  /**
   * @param changes the log of the ports whose state the answers are computed from
   */
  public TreeHopCache(PortChangeLog changes) {
    this.changes = changes;
  }

  /** {@link ReferenceNextHop#tree(RoutingView, int, long[], int)}, remembered. */
  public int tree(RoutingView view, int fromPort, long[] destination, int depth) {
    int portLimit = view.portLimit();
    if (portLimit <= PORTS_WALKED) {
      return ReferenceNextHop.tree(view, fromPort, destination, depth);
    }
    checkSelf(view);
    ensureSlots(portLimit);
    int slot = slot(destination, depth);
    int hop = MISS;
    if (generations[slot] == generation
        && depths[slot] == depth
        && samePorts(keys[slot], destination, depth)) {
      hop = bringUpToDate(view, slot, destination, depth, portLimit);
    }
    if (hop == MISS) {
      hop = fill(view, slot, destination, depth);
    }
    if (hop == fromPort && fromPort > 0) {
      return ReferenceNextHop.tree(view, fromPort, destination, depth);
    }
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

  /** Forgets every answer if our coordinates or root are no longer those they were computed for. */
  private void checkSelf(RoutingView view) {
    Coordinates self = view.selfCoordinates();
    Root root = view.root();
    if (self == answersSelf && root == answersRoot) {
      return;
    }
    if (answersSelf == null || !self.equals(answersSelf) || !root.equals(answersRoot)) {
      generation++;
    }
    answersSelf = self;
    answersRoot = root;
  }

  /**
   * Applies the port changes since the answer in {@code slot} was computed, or MISS if it must be
   * recomputed: its own port changed, or too many changes happened to catch up on.
   */
  private int bringUpToDate(
      RoutingView view, int slot, long[] destination, int depth, int portLimit) {
    int hop = hops[slot];
    long now = changes.count();
    long since = changeCounts[slot];
    if (since == now || hop == Hop.LOCAL) {
      return hop;
    }
    if (now - since > portLimit / 2 || !changes.keepsFrom(since)) {
      return MISS;
    }
    int distance = distances[slot];
    PeerAnnouncement best = hop > 0 ? view.announcement(hop) : null;
    Root root = view.root();
    for (long change = since; change < now; change++) {
      int port = changes.port(change);
      if (port == hop) {
        return MISS; // the answer's own state changed: it may have moved away
      }
      PeerAnnouncement a = view.announcement(port);
      if (a == null || !view.isStarted(port)) {
        continue;
      }
      Root peerRoot = a.root();
      if (peerRoot != root && !peerRoot.equals(root)) {
        continue;
      }
      // The reference's choice, made on the changed port alone: the order over (distance, peer
      // type, receive order) is total, so which port is looked at first does not matter.
      int d = a.senderCoordinates().distanceTo(destination, depth);
      if (d < distance
          || (d == distance
              && best != null
              && ReferenceNextHop.preferred(view, port, a, hop, best))) {
        hop = port;
        distance = d;
        best = a;
      }
    }
    hops[slot] = hop;
    distances[slot] = distance;
    changeCounts[slot] = now;
    return hop;
  }

  private int fill(RoutingView view, int slot, long[] destination, int depth) {
    int hop = ReferenceNextHop.tree(view, Hop.LOCAL, destination, depth);
    long[] kept = keys[slot];
    if (kept == null || kept.length < depth) {
      kept = new long[Math.max(depth, 8)];
      keys[slot] = kept;
    }
    System.arraycopy(destination, 0, kept, 0, depth);
    depths[slot] = depth;
    hops[slot] = hop;
    distances[slot] =
        hop > 0
            ? view.announcement(hop).senderCoordinates().distanceTo(destination, depth)
            : view.selfCoordinates().distanceTo(destination, depth);
    changeCounts[slot] = changes.count();
    generations[slot] = generation;
    return hop;
  }

  /** Sizes the table for the port count: a hub sees flows to many more destinations. */
  private void ensureSlots(int portLimit) {
    int wanted =
        Math.min(
            SLOTS_MAX,
            Math.max(SLOTS_MIN, Integer.highestOneBit(portLimit * SLOTS_PER_PORT - 1) << 1));
    if (wanted <= hops.length) {
      return;
    }
    keys = new long[wanted][];
    depths = new int[wanted];
    hops = new int[wanted];
    distances = new int[wanted];
    changeCounts = new long[wanted];
    generations = new long[wanted];
  }

  private int slot(long[] destination, int depth) {
    long h = depth;
    for (int i = 0; i < depth; i++) {
      h = h * 31 + destination[i];
    }
    long mixed = h * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 40) & (hops.length - 1);
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
