package dev.conifer.snek;

import static dev.conifer.snek.SnekNode.NO_PORT;

import dev.conifer.snek.route.Hop;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.Watermark;
import dev.conifer.snek.wire.WireException;

/** The virtual snake (PROTOCOL.md §7): bootstraps, the routing table, the descending node. */
final class Snake {
  private final SnekNode node;
  private final Ports ports;
  private final RoutingTable table;
  private RouteEntry descending;
  private long lastBootstrapNs;
  private long maintainDeadlineNs;
  private long pathChangeCount;

  Snake(SnekNode node, Ports ports, int routeCountMax, long firstTickNs) {
    this.node = node;
    this.ports = ports;
    this.table = new RoutingTable(routeCountMax);
    this.maintainDeadlineNs = firstTickNs;
    this.lastBootstrapNs = firstTickNs - SnekConfig.BOOTSTRAP_INTERVAL_NS;
  }

  /** Bootstraps that replaced a route with one through different ports. */
  long pathChangeCount() {
    return pathChangeCount;
  }

  RoutingTable table() {
    return table;
  }

  PublicKey descendingKey() {
    return descending == null ? null : descending.originKey();
  }

  long deadlineNs() {
    return maintainDeadlineNs;
  }

  void handleTimeout(long nowNs) {
    if (nowNs >= maintainDeadlineNs) {
      maintain(nowNs);
    }
  }

  /** The 1-second tick of §7.5. */
  void maintain(long nowNs) {
    maintainDeadlineNs = nowNs + SnekConfig.MAINTAIN_INTERVAL_NS;
    if (descending != null
        && (!descending.isValid(nowNs, SnekConfig.ROUTE_EXPIRY_NS)
            || !descending.root().equals(node.tree().root()))) {
      setDescending(nowNs, null);
    }
    table.removeExpired(nowNs, SnekConfig.ROUTE_EXPIRY_NS);
    if (nowNs - lastBootstrapNs >= SnekConfig.BOOTSTRAP_INTERVAL_NS) {
      bootstrapNow(nowNs);
    }
  }

  void bootstrapSoon(long nowNs) {
    lastBootstrapNs = nowNs - SnekConfig.BOOTSTRAP_INTERVAL_NS;
  }

  /** §7.2: roots do not bootstrap; others send one towards their successor. */
  private void bootstrapNow(long nowNs) {
    if (node.tree().parent() == NO_PORT) {
      return;
    }
    PublicKey self = node.publicKey();
    SignedRootPayload payload =
        SignedRootPayload.sign(node.nextSequence(nowNs), node.tree().root(), node.signer());
    Hop hop = node.nextHopSnek(self, true, Watermark.NONE);
    if (hop.port() > 0) {
      node.outbox().send(hop.port(), new BootstrapFrame(self, hop.watermark(), payload.toBytes()));
    }
    lastBootstrapNs = nowNs;
  }

  /**
   * §7.3 for a bootstrap from {@code fromPort} whose next hop is {@code hop}. Returns the verdict;
   * FORWARDED means the caller should send it on. Checks that need no crypto run first, so
   * duplicates cost no signature verification.
   */
  FrameVerdict handleBootstrap(long nowNs, int fromPort, BootstrapFrame frame, Hop hop) {
    if (!ports.tryAcquire(fromPort, true, nowNs, node.config().bootstrapPerPeerPerSecondMax())) {
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    SignedRootPayload payload;
    try {
      payload = SignedRootPayload.decode(frame.payload());
    } catch (WireException e) {
      return FrameVerdict.DROPPED_BAD_BOOTSTRAP; // Go drops these without disconnecting.
    }
    PublicKey origin = frame.destinationKey();
    Root root = node.tree().root();
    if (!payload.root().equals(root)) {
      return FrameVerdict.DROPPED_WRONG_ROOT;
    }
    RouteEntry existing = table.get(origin);
    if (existing != null
        && existing.root().equals(payload.root())
        && Long.compareUnsigned(payload.sequence(), existing.watermark().sequence()) <= 0) {
      return FrameVerdict.DROPPED_STALE;
    }
    if (!payload.verify(origin, node.verifier())) {
      return FrameVerdict.DROPPED_BAD_BOOTSTRAP;
    }
    RouteEntry entry =
        new RouteEntry(
            origin,
            fromPort,
            hop.port() > 0 ? hop.port() : NO_PORT,
            nowNs,
            root,
            new Watermark(origin, payload.sequence()));
    if (existing != null
        && (existing.sourcePort() != entry.sourcePort()
            || existing.destinationPort() != entry.destinationPort())) {
      pathChangeCount++;
    }
    if (!table.put(entry)) {
      node.counters().countRouteRefused();
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    updateDescending(nowNs, entry);
    return hop.port() > 0 ? FrameVerdict.FORWARDED : FrameVerdict.CONSUMED;
  }

  /** §7.3 step 6: adopt {@code entry}'s origin if it is our closest known predecessor. */
  private void updateDescending(long nowNs, RouteEntry entry) {
    PublicKey self = node.publicKey();
    PublicKey origin = entry.originKey();
    if (origin.compareTo(self) >= 0) {
      return;
    }
    if (descending != null && descending.isValid(nowNs, SnekConfig.ROUTE_EXPIRY_NS)) {
      if (descending.originKey().equals(origin)
          || PublicKey.dhtOrdered(descending.originKey(), origin, self)) {
        setDescending(nowNs, entry);
      }
    } else {
      setDescending(nowNs, entry);
    }
  }

  private void setDescending(long nowNs, RouteEntry entry) {
    PublicKey before = descendingKey();
    descending = entry;
    PublicKey after = descendingKey();
    if (before == null ? after != null : !before.equals(after)) {
      bootstrapSoon(nowNs);
    }
  }

  /** §7.6 steps 3 and 4. */
  void portDown(long nowNs, int port) {
    table.removePort(port);
    if (descending != null && descending.sourcePort() == port) {
      setDescending(nowNs, null);
    }
  }

  /** §7.6 step 1, then SNEK maintenance at once. */
  void reset(long nowNs) {
    descending = null;
    table.clear();
    bootstrapSoon(nowNs);
    maintain(nowNs);
  }
}
