package dev.conifer.snek.snake;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.Watermark;
import dev.conifer.snek.wire.WireException;

/** The virtual snake (PROTOCOL.md §7): bootstraps, the routing table, the descending node. */
public final class Snake {
  private static final int NO_PORT = Hop.NONE;

  private final PublicKey self;
  private final Signer signer;
  private final Verifier verifier;
  private final SnakeLinks links;
  private final RoutingTable table;
  private RouteEntry descending;
  private long lastBootstrapNs;
  private long maintainDeadlineNs;
  private long pathChangeCount;

  public Snake(
      PublicKey self,
      Signer signer,
      Verifier verifier,
      SnakeLinks links,
      int routeCountMax,
      long firstTickNs) {
    this.self = self;
    this.signer = signer;
    this.verifier = verifier;
    this.links = links;
    this.table = new RoutingTable(routeCountMax);
    this.maintainDeadlineNs = firstTickNs;
    this.lastBootstrapNs = firstTickNs - SnekConfig.BOOTSTRAP_INTERVAL_NS;
  }

  /** Bootstraps that replaced a route with one through different ports. */
  public long pathChangeCount() {
    return pathChangeCount;
  }

  public RoutingTable table() {
    return table;
  }

  public PublicKey descendingKey() {
    return descending == null ? null : descending.originKey();
  }

  public long deadlineNs() {
    return maintainDeadlineNs;
  }

  public void handleTimeout(long nowNs) {
    if (nowNs >= maintainDeadlineNs) {
      maintain(nowNs);
    }
  }

  /** The 1-second tick of §7.5. */
  private void maintain(long nowNs) {
    maintainDeadlineNs = nowNs + SnekConfig.MAINTAIN_INTERVAL_NS;
    if (descending != null
        && (!descending.isValid(nowNs, SnekConfig.DESCENDING_EXPIRY_NS)
            || !descending.root().equals(links.root()))) {
      setDescending(nowNs, null);
    }
    table.removeExpired(nowNs, SnekConfig.ROUTE_EXPIRY_NS);
    if (nowNs - lastBootstrapNs >= SnekConfig.BOOTSTRAP_INTERVAL_NS) {
      bootstrapNow(nowNs);
    }
  }

  public void bootstrapSoon(long nowNs) {
    lastBootstrapNs = nowNs - SnekConfig.BOOTSTRAP_INTERVAL_NS;
  }

  /** §7.2: roots do not bootstrap; others send one towards their successor. */
  private void bootstrapNow(long nowNs) {
    if (links.parentPort() == NO_PORT) {
      return;
    }
    SignedRootPayload payload =
        SignedRootPayload.sign(links.nextSequence(nowNs), links.root(), signer);
    Hop hop = links.nextHop(self, true, Watermark.NONE);
    if (hop.port() > 0) {
      links.send(hop.port(), new BootstrapFrame(self, hop.watermark(), payload.toBytes()));
    }
    lastBootstrapNs = nowNs;
  }

  /**
   * §7.3 for a bootstrap from {@code fromPort} whose next hop is {@code hop}. Returns the verdict;
   * FORWARDED means the caller should send it on. Checks that need no crypto run first, so
   * duplicates cost no signature verification.
   */
  public FrameVerdict handleBootstrap(long nowNs, int fromPort, BootstrapFrame frame, Hop hop) {
    RouteEntry known = table.get(frame.destinationKey());
    boolean refresh = isPathRefresh(nowNs, fromPort, known);
    if (!refresh && !links.tryAcquireBootstrap(fromPort, nowNs)) {
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    SignedRootPayload payload;
    try {
      payload = SignedRootPayload.decode(frame.payload());
    } catch (WireException e) {
      return FrameVerdict.DROPPED_BAD_BOOTSTRAP; // Go drops these without disconnecting.
    }
    PublicKey origin = frame.destinationKey();
    Root root = links.root();
    if (!payload.root().equals(root)) {
      return FrameVerdict.DROPPED_WRONG_ROOT;
    }
    RouteEntry existing = table.get(origin);
    if (existing != null
        && existing.root().equals(payload.root())
        && Long.compareUnsigned(payload.sequence(), existing.watermark().sequence()) <= 0) {
      return FrameVerdict.DROPPED_STALE;
    }
    if (!payload.verify(origin, verifier)) {
      if (refresh) {
        // A forged refresh from the port the path comes through: that peer controls the path
        // anyway, and without the entry its further refreshes are no longer exempt.
        table.remove(origin);
      }
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
      links.routeRefused();
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    updateDescending(nowNs, entry);
    return hop.port() > 0 ? FrameVerdict.FORWARDED : FrameVerdict.CONSUMED;
  }

  /**
   * A refresh of a path this node already holds, arriving on the port it came through, at most once
   * per {@link SnekConfig#PATH_REFRESH_MIN_GAP_NS}: exempt from the per-peer bootstrap limit, which
   * bounds new paths (and their signature checks) per peer. Every origin refreshes its path every 5
   * s, so the refreshes crossing one link grow with the network (hundreds a second next to the root
   * of a 10,000-node network), and a fixed per-peer limit dropped the same late ones cycle after
   * cycle (docs/SIMULATOR.md, "The bootstrap limit at 10,000 nodes").
   */
  private static boolean isPathRefresh(long nowNs, int fromPort, RouteEntry known) {
    return known != null
        && known.sourcePort() == fromPort
        && known.isValid(nowNs, SnekConfig.ROUTE_EXPIRY_NS)
        && nowNs - known.lastSeenNs() >= SnekConfig.PATH_REFRESH_MIN_GAP_NS;
  }

  /** §7.3 step 6: adopt {@code entry}'s origin if it is our closest known predecessor. */
  private void updateDescending(long nowNs, RouteEntry entry) {
    PublicKey origin = entry.originKey();
    if (origin.compareTo(self) >= 0) {
      return;
    }
    if (descending != null && descending.isValid(nowNs, SnekConfig.DESCENDING_EXPIRY_NS)) {
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
  public void portDown(long nowNs, int port) {
    table.removePort(port);
    if (descending != null && descending.sourcePort() == port) {
      setDescending(nowNs, null);
    }
  }

  /** §7.6 step 1, then SNEK maintenance at once. */
  public void reset(long nowNs) {
    descending = null;
    table.clear();
    bootstrapSoon(nowNs);
    maintain(nowNs);
  }
}
