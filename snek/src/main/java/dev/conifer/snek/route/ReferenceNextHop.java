package dev.conifer.snek.route;

import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.Watermark;

/**
 * Next-hop choice written straight from PROTOCOL.md §6 and §8.1, kept plain on purpose: faster
 * lookups are checked against these functions.
 *
 * <p>Where Go's choice depends on map order, ports are walked in ascending order and ties break on
 * lower peer type, then lower announcement receive order (docs/ROUTING.md).
 */
public final class ReferenceNextHop {
  private ReferenceNextHop() {}

  /** Tree routing (§6): a peer strictly closer to {@code destination}, or LOCAL, or NONE. */
  public static int tree(RoutingView view, int fromPort, Coordinates destination) {
    long[] ports = destination.toArray();
    return tree(view, fromPort, ports, ports.length);
  }

  /** The same for the path {@code ports[0, depth)}; allocates nothing. */
  public static int tree(RoutingView view, int fromPort, long[] ports, int depth) {
    Coordinates self = view.selfCoordinates();
    if (self.equalsPorts(ports, depth)) {
      return Hop.LOCAL;
    }
    int bestPort = Hop.NONE;
    int bestDistance = self.distanceTo(ports, depth);
    PeerAnnouncement bestAnnouncement = null;
    // Once, not per port: at a hub of thousands of peers the per-port lookup of our own root
    // (through the parent's announcement) was the largest single cost of tree routing.
    Root root = view.root();
    int portLimit = view.portLimit();
    for (int port = 1; port <= portLimit; port++) {
      PeerAnnouncement a = view.announcement(port);
      if (port == fromPort || a == null || !view.isStarted(port)) {
        continue;
      }
      int distance = a.senderCoordinates().distanceTo(ports, depth);
      if (distance > bestDistance) {
        continue; // cannot win: no need to look at its root (at a hub, most ports)
      }
      if (!a.hasRoot(root)) {
        continue;
      }
      if (distance < bestDistance
          || (bestAnnouncement != null && preferred(view, port, a, bestPort, bestAnnouncement))) {
        bestPort = port;
        bestDistance = distance;
        bestAnnouncement = a;
      }
    }
    return bestPort;
  }

  /** Deterministic tie-break: lower peer type, then the earlier-received announcement. */
  static boolean preferred(
      RoutingView view, int port, PeerAnnouncement a, int bestPort, PeerAnnouncement best) {
    int c = Integer.compare(view.peerType(port).preference(), view.peerType(bestPort).preference());
    return c < 0 || (c == 0 && a.receiveOrder() < best.receiveOrder());
  }

  /**
   * SNEK routing (§8.1) for traffic ({@code bootstrap} false) or bootstraps. Routes within {@link
   * SnekConfig#ROUTE_ADOPT_MARGIN_NS} of expiry are left out of the choice unless the frame already
   * follows them, and taken after all if the choice without them would end the frame here.
   */
  public static Hop snek(
      RoutingView view, PublicKey destination, boolean bootstrap, Watermark watermark) {
    Hop hop =
        snek(
            view,
            destination,
            bootstrap,
            watermark,
            SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS);
    Watermark w = hop.watermark();
    if (wouldEnd(hop.port(), w.key(), w.sequence(), watermark.key(), watermark.sequence())) {
      return snek(view, destination, bootstrap, watermark, SnekConfig.ROUTE_EXPIRY_NS);
    }
    return hop;
  }

  /**
   * Whether a next-hop answer ends the frame at this node: no hop, LOCAL (for a frame addressed to
   * us the second try gives the same answer), or a watermark worse than the frame's.
   */
  static boolean wouldEnd(
      int port, PublicKey key, long sequence, PublicKey watermarkKey, long watermarkSeq) {
    return port == Hop.NONE
        || port == Hop.LOCAL
        || Watermark.worse(key, sequence, watermarkKey, watermarkSeq);
  }

  private static Hop snek(
      RoutingView view,
      PublicKey destination,
      boolean bootstrap,
      Watermark watermark,
      long adoptExpiryNs) {
    PublicKey self = view.selfKey();
    if (!bootstrap && destination.equals(self)) {
      return new Hop(Hop.LOCAL, watermark);
    }
    Best best = new Best(destination, bootstrap, self, bootstrap ? Hop.NONE : Hop.LOCAL);

    // (a) The upward default, then the parent's ancestors.
    int parent = view.parentPort();
    if (parent != Hop.NONE && view.isStarted(parent)) {
      PublicKey rootKey = view.root().key();
      if ((bootstrap && best.key.equals(destination))
          || PublicKey.dhtOrdered(best.key, destination, rootKey)) {
        best.take(rootKey, 0, parent);
      }
      PeerAnnouncement a = view.announcement(parent);
      if (a != null) {
        best.checkAll(a.announcement(), parent);
      }
    }
    // (b) Ancestors of every peering, including each peer's own key.
    for (int port = 1; port <= view.portLimit(); port++) {
      PeerAnnouncement a = view.announcement(port);
      if (a != null && view.isStarted(port)) {
        best.checkAll(a.announcement(), port);
      }
    }
    // (c) Prefer a direct peering to the chosen key (the lowest such port).
    for (int port = 1; port <= view.portLimit(); port++) {
      if (view.isStarted(port)
          && view.announcement(port) != null
          && view.peerKey(port).equals(best.key)) {
        best.take(best.key, 0, port);
        break;
      }
    }
    // (d) Snake routes, each leading back towards its origin.
    long now = view.nowNs();
    for (RouteEntry route : view.routes()) {
      if (!view.isStarted(route.sourcePort())
          || !route.usableBy(now, watermark.key(), adoptExpiryNs)
          || route.watermark().worseThan(watermark)) {
        continue;
      }
      best.check(route.originKey(), route.watermark().sequence(), route.sourcePort());
    }
    // (e) Prefer a lower peer type, then an earlier announcement, among links to the same key.
    PeerAnnouncement bestAnnouncement = best.port > 0 ? view.announcement(best.port) : null;
    if (bestAnnouncement != null) {
      for (int port = 1; port <= view.portLimit(); port++) {
        PeerAnnouncement a = view.announcement(port);
        if (a == null || !view.isStarted(port) || !view.peerKey(port).equals(best.key)) {
          continue;
        }
        int c =
            Integer.compare(
                view.peerType(port).preference(), view.peerType(best.port).preference());
        if (c < 0
            || (c == 0
                && a.hasRoot(bestAnnouncement.root())
                && a.receiveOrder() < bestAnnouncement.receiveOrder())) {
          best.port = port;
          bestAnnouncement = a;
        }
      }
    }
    return new Hop(best.port, new Watermark(best.key, best.sequence));
  }

  /** The running best candidate of §8.1 and its {@code checked} rule. */
  private static final class Best {
    final PublicKey destination;
    final boolean bootstrap;
    PublicKey key;
    long sequence;
    int port;

    Best(PublicKey destination, boolean bootstrap, PublicKey key, int port) {
      this.destination = destination;
      this.bootstrap = bootstrap;
      this.key = key;
      this.port = port;
    }

    void take(PublicKey k, long s, int p) {
      key = k;
      sequence = s;
      port = p;
    }

    void check(PublicKey k, long s, int p) {
      if ((!bootstrap && k.equals(destination) && !key.equals(destination))
          || PublicKey.dhtOrdered(destination, k, key)) {
        take(k, s, p);
      }
    }

    void checkAll(SwitchAnnouncement announcement, int p) {
      for (SwitchAnnouncement.Entry e : announcement.entries()) {
        check(e.key(), 0, p);
      }
    }
  }
}
