package dev.conifer.snek.route;

import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Watermark;
import java.util.Map;

/**
 * SNEK next hop (§8.1) from indexes instead of walks: the same answer as {@link
 * ReferenceNextHop#snek}, checked by property tests, in O(log keys + ports to one key).
 *
 * <p>Why it matches: each step only ever moves the best key to a key strictly between the
 * destination and the current best (or to the destination itself, for traffic), and the first
 * source of a key wins. So steps a and b pick the destination if any path names it, else the
 * smallest named key above the destination that beats the current best, from the parent if its path
 * names it, else from the lowest such port. Step d is the first usable route at or above the
 * destination in key order.
 */
public final class IndexedNextHop {
  private IndexedNextHop() {}

  public static Hop snek(
      RoutingView view,
      AncestorIndex index,
      RoutingTable table,
      PublicKey destination,
      boolean bootstrap,
      Watermark watermark) {
    HopResult out = new HopResult();
    snek(view, index, table, destination, bootstrap, watermark.key(), watermark.sequence(), out);
    return out.toHop();
  }

  /** The same, writing into {@code out} and allocating nothing. */
  public static void snek(
      RoutingView view,
      AncestorIndex index,
      RoutingTable table,
      PublicKey destination,
      boolean bootstrap,
      PublicKey watermarkKey,
      long watermarkSeq,
      HopResult out) {
    long adoptExpiry = SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS;
    snek(view, index, table, destination, bootstrap, watermarkKey, watermarkSeq, adoptExpiry, out);
    if (ReferenceNextHop.wouldEnd(out.port, out.key, out.sequence, watermarkKey, watermarkSeq)) {
      snek(
          view,
          index,
          table,
          destination,
          bootstrap,
          watermarkKey,
          watermarkSeq,
          SnekConfig.ROUTE_EXPIRY_NS,
          out);
    }
  }

  private static void snek(
      RoutingView view,
      AncestorIndex index,
      RoutingTable table,
      PublicKey destination,
      boolean bootstrap,
      PublicKey watermarkKey,
      long watermarkSeq,
      long adoptExpiryNs,
      HopResult out) {
    PublicKey self = view.selfKey();
    if (!bootstrap && destination.equals(self)) {
      out.port = Hop.LOCAL;
      out.key = watermarkKey;
      out.sequence = watermarkSeq;
      return;
    }
    PublicKey bestKey = self;
    long bestSeq = 0;
    int bestPort = bootstrap ? Hop.NONE : Hop.LOCAL;

    // (a) the upward default.
    int parent = view.parentPort();
    boolean parentUp = parent != Hop.NONE && view.isStarted(parent);
    if (parentUp) {
      PublicKey rootKey = view.root().key();
      if ((bootstrap && bestKey.equals(destination))
          || PublicKey.dhtOrdered(bestKey, destination, rootKey)) {
        bestKey = rootKey;
        bestPort = parent;
      }
    }
    // (a) and (b): keys named on any started peer's path.
    PortSet exact = bootstrap ? null : index.portsNaming(destination);
    if (exact != null && !bestKey.equals(destination)) {
      bestKey = destination;
      bestPort = firstSource(exact, parentUp ? parent : Hop.NONE, view);
    } else {
      Map.Entry<PublicKey, PortSet> above = index.entryAbove(destination);
      if (above != null && above.getKey().compareTo(bestKey) < 0) {
        bestKey = above.getKey();
        bestPort = firstSource(above.getValue(), parentUp ? parent : Hop.NONE, view);
      }
    }
    // (c) a direct peering to the chosen key.
    PublicKey directKey = bestKey;
    PortSet direct = index.portsTo(directKey);
    if (direct != null) {
      for (int i = 0; i < direct.size(); i++) {
        if (view.isStarted(direct.get(i))) {
          bestPort = direct.get(i);
          break;
        }
      }
    }
    // (d) the first usable snake route at or above the destination, in key order.
    long now = view.nowNs();
    for (int i = table.ceilingIndex(destination), n = table.size(); i < n; i++) {
      PublicKey k = table.keyAt(i);
      boolean exactMatch = !bootstrap && k.equals(destination) && !bestKey.equals(destination);
      if (!exactMatch && !PublicKey.dhtOrdered(destination, k, bestKey)) {
        if (k.compareTo(destination) > 0) {
          break; // every later key is at least as large: none can beat the best
        }
        continue;
      }
      if (k.compareTo(watermarkKey) > 0) {
        break; // this and every later route is worse than the frame's watermark
      }
      RouteEntry route = table.entryAt(i);
      Watermark w = route.watermark();
      if (!view.isStarted(route.sourcePort())
          || !route.usableBy(now, watermarkKey, adoptExpiryNs)
          || Watermark.worse(w.key(), w.sequence(), watermarkKey, watermarkSeq)) {
        continue;
      }
      bestKey = k;
      bestSeq = w.sequence();
      bestPort = route.sourcePort();
      break;
    }
    // (e) prefer a lower peer type, then an earlier announcement, among links to the same key.
    PeerAnnouncement bestAnnouncement = bestPort > 0 ? view.announcement(bestPort) : null;
    PortSet same =
        bestAnnouncement == null
            ? null
            : bestKey.equals(directKey) ? direct : index.portsTo(bestKey);
    if (same != null) {
      for (int i = 0; i < same.size(); i++) {
        int port = same.get(i);
        PeerAnnouncement a = view.announcement(port);
        if (a == null || !view.isStarted(port)) {
          continue;
        }
        int c =
            Integer.compare(view.peerType(port).preference(), view.peerType(bestPort).preference());
        if (c < 0
            || (c == 0
                && a.hasRoot(bestAnnouncement.root())
                && a.receiveOrder() < bestAnnouncement.receiveOrder())) {
          bestPort = port;
          bestAnnouncement = a;
        }
      }
    }
    out.port = bestPort;
    out.key = bestKey;
    out.sequence = bestSeq;
  }

  /** The parent if its path names the key, else the lowest started port whose path does. */
  private static int firstSource(PortSet ports, int parent, RoutingView view) {
    if (parent != Hop.NONE && ports.contains(parent)) {
      return parent;
    }
    for (int i = 0; i < ports.size(); i++) {
      if (view.isStarted(ports.get(i))) {
        return ports.get(i);
      }
    }
    return Hop.NONE;
  }
}
