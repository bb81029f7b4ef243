package dev.conifer.snek.forward;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;

/**
 * Tagged traffic for which no node nearer to its destination key is known (ROUTING.md, "Nearest
 * delivery"): delivered here, as if addressed to this node. A key above every key in the network
 * would stop wherever it happens to be, since SNEK has nothing above it to head for; such traffic
 * goes to the root, the highest key, which every node agrees on.
 */
final class NearestDelivery {
  private final PublicKey self;
  private final SnekConfig config;
  private final RoutingView view;
  private final NextHops nextHops;
  private final CoordinatesCache coordinatesCache;
  private final TrafficOut outbox;

  NearestDelivery(
      PublicKey self,
      SnekConfig config,
      RoutingView view,
      NextHops nextHops,
      CoordinatesCache coordinatesCache,
      TrafficOut outbox) {
    this.self = self;
    this.config = config;
    this.view = view;
    this.nextHops = nextHops;
    this.coordinatesCache = coordinatesCache;
    this.outbox = outbox;
  }

  /** {@code frame}'s SNEK next hop is this node, with {@code watermark}. */
  FrameVerdict deliver(long nowNs, int fromPort, TrafficFrame frame, Watermark watermark) {
    if (watermark.worseThan(frame.watermark())) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    PublicKey root = view.root().key();
    if (!root.equals(self) && frame.destinationKey().compareTo(root) > 0) {
      return forwardToRoot(fromPort, frame, root);
    }
    if (!frame.source().isRoot()) {
      coordinatesCache.put(frame.sourceKey(), frame.source(), nowNs);
    }
    outbox.deliver(frame.sourceKey(), frame.destinationKey(), frame.payload());
    return FrameVerdict.DELIVERED_NEAREST;
  }

  private FrameVerdict forwardToRoot(int fromPort, TrafficFrame frame, PublicKey root) {
    Hop toRoot = nextHops.snek(root, false, frame.watermark());
    // We are not the root, so a local hop towards it means there is no route.
    int port = toRoot.port() == Hop.LOCAL ? Hop.NONE : toRoot.port();
    FrameVerdict verdict =
        DropChecks.verdict(
            fromPort,
            port,
            frame.hopLimit(),
            config.hopLimiting(),
            toRoot.watermark().worseThan(frame.watermark()),
            FrameCodec.trafficLength(
                Coordinates.ROOT, frame.source(), toRoot.watermark(), frame.payload().length));
    if (verdict == FrameVerdict.FORWARDED) {
      outbox.send(
          port,
          new TrafficFrame(
              DropChecks.onwardHopLimit(frame.hopLimit(), config.hopLimiting()),
              Coordinates.ROOT,
              frame.source(),
              frame.destinationKey(),
              frame.sourceKey(),
              toRoot.watermark(),
              frame.payload()));
    }
    return verdict;
  }
}
