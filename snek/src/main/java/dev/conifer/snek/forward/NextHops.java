package dev.conifer.snek.forward;

import dev.conifer.snek.route.AncestorIndex;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.HopResult;
import dev.conifer.snek.route.IndexedNextHop;
import dev.conifer.snek.route.PortChangeLog;
import dev.conifer.snek.route.ReferenceNextHop;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.route.TreeHopCache;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Watermark;

/**
 * Next-hop choice for one node (§6, §8.1), from the indexes and the tree-hop cache. With assertions
 * on ({@code -ea}, as in every test run) each answer is checked against {@link ReferenceNextHop},
 * the plain transcription of Go's walks.
 */
public final class NextHops {
  private final RoutingView view;
  private final AncestorIndex ancestors;
  private final RoutingTable routes;
  private final TreeHopCache treeHops;
  private final HopResult snekHop = new HopResult();

  /**
   * @param view the node's routing state, read-only
   * @param ancestors the index of the peers' announced ancestors, kept by the peer table
   * @param portChanges the peer table's log of changed ports, which keeps cached tree hops current
   * @param routes the snake routing table
   */
  public NextHops(
      RoutingView view, AncestorIndex ancestors, PortChangeLog portChanges, RoutingTable routes) {
    this.view = view;
    this.ancestors = ancestors;
    this.treeHops = new TreeHopCache(portChanges);
    this.routes = routes;
  }

  /** The tree next hop (§6) towards {@code destination} for a frame from {@code fromPort}. */
  public int tree(int fromPort, Coordinates destination) {
    int port = treeHops.tree(view, fromPort, destination);
    assert port == ReferenceNextHop.tree(view, fromPort, destination)
        : "cached tree hop differs from the reference for " + destination;
    return port;
  }

  /** {@link #tree(int, Coordinates)} for coordinates read in place from a frame. */
  int tree(int fromPort, long[] destinationPorts, int depth) {
    int port = treeHops.tree(view, fromPort, destinationPorts, depth);
    assert port == ReferenceNextHop.tree(view, fromPort, destinationPorts, depth)
        : "cached tree hop differs from the reference";
    return port;
  }

  /** The SNEK next hop (§8.1) for a frame to {@code destination}. */
  public Hop snek(PublicKey destination, boolean bootstrap, Watermark watermark) {
    Hop hop = IndexedNextHop.snek(view, ancestors, routes, destination, bootstrap, watermark);
    assert hop.equals(ReferenceNextHop.snek(view, destination, bootstrap, watermark))
        : "indexed next hop differs from the reference for " + destination;
    return hop;
  }

  /** The SNEK next hop for traffic, allocating nothing: the answer is valid until the next call. */
  HopResult snekTraffic(PublicKey destination, PublicKey watermarkKey, long watermarkSeq) {
    IndexedNextHop.snek(
        view, ancestors, routes, destination, false, watermarkKey, watermarkSeq, snekHop);
    assert snekHop
            .toHop()
            .equals(
                ReferenceNextHop.snek(
                    view, destination, false, new Watermark(watermarkKey, watermarkSeq)))
        : "indexed next hop differs from the reference for " + destination;
    return snekHop;
  }
}
