package dev.conifer.snek;

import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.HopResult;
import dev.conifer.snek.route.IndexedNextHop;
import dev.conifer.snek.route.ReferenceNextHop;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.route.TreeHopCache;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.TrafficFlyweight;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.VarU64;
import dev.conifer.snek.wire.Watermark;
import dev.conifer.snek.wire.WireError;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;

/**
 * The common forwarding procedure (PROTOCOL.md §8.4) for traffic and bootstraps: next-hop choice,
 * hop limit, watermark and loop checks. Traffic from peers takes the in-place path, which allocates
 * nothing and copies each forwarded frame once.
 */
final class Forwarder {
  private final SnekNode node;
  private final PublicKey self;
  private final SnekConfig config;
  private final Outbox outbox;
  private final CoordinatesCache coordinatesCache;
  private final SnekCounters counters;
  private final RoutingView view;
  private final TrafficFlyweight traffic = new TrafficFlyweight();
  private final KeyCache keys = new KeyCache();
  private final HopResult hop = new HopResult();
  private final TreeHopCache treeHops = new TreeHopCache();

  Forwarder(
      SnekNode node, Outbox outbox, CoordinatesCache coordinatesCache, SnekCounters counters) {
    this.node = node;
    this.self = node.publicKey();
    this.config = node.config();
    this.outbox = outbox;
    this.coordinatesCache = coordinatesCache;
    this.counters = counters;
    this.view = node.routingView();
  }

  /** Room left for payload once the frame may have switched to SNEK with a full watermark. */
  static int payloadLengthMax(Coordinates destination, Coordinates source) {
    int snekDestination = Coordinates.LENGTH_FIELD_LENGTH + PublicKey.LENGTH + VarU64.LENGTH_MAX;
    return FrameHeader.FRAME_LENGTH_MAX
        - FrameHeader.LENGTH
        - 2
        - source.encodedLength()
        - 2 * PublicKey.LENGTH
        - Math.max(destination.encodedLength(), snekDestination);
  }

  /** Tree state changed (an announcement, a port, a timer): cached tree hops are stale. */
  void treeChanged() {
    treeHops.invalidate();
  }

  /**
   * Traffic this node originates (§8.2): SnekNode.send; the payload is copied. The usual case (to
   * another node, untagged) is routed here exactly as {@link #forwardTraffic} routes a frame from
   * SnekNode.LOCAL_PORT, but without building the frame: the outbox encodes it from its parts.
   */
  SendResult originate(long nowNs, PublicKey destination, ByteBuffer payload) {
    Coordinates destinationCoordinates = coordinatesCache.get(destination, nowNs);
    Coordinates source = node.tree().coordinates();
    if (payload.remaining() > payloadLengthMax(destinationCoordinates, source)) {
      return SendResult.PAYLOAD_TOO_LARGE;
    }
    if (destination.equals(self) || (config.nearestDelivery() && RendezvousTag.isTagged(payload))) {
      return originateDecoded(nowNs, destination, destinationCoordinates, source, payload);
    }
    int port = Hop.NONE;
    if (!destinationCoordinates.isRoot()) {
      port = treeHops.tree(view, SnekNode.LOCAL_PORT, destinationCoordinates);
      assert port == ReferenceNextHop.tree(view, SnekNode.LOCAL_PORT, destinationCoordinates)
          : "cached tree hop differs from the reference for " + destinationCoordinates;
    }
    Coordinates routed = destinationCoordinates;
    Watermark watermark = Watermark.NONE;
    if (port == Hop.NONE || port == Hop.LOCAL) {
      routed = Coordinates.ROOT;
      Hop hop = nextHopSnek(destination, false, Watermark.NONE);
      port = hop.port();
      watermark = hop.watermark();
    }
    int hopLimit = TrafficFrame.HOP_LIMIT_ORIGIN - (config.hopLimiting() ? 1 : 0);
    if (port == SnekNode.LOCAL_PORT || port == Hop.NONE || watermark.worseThan(Watermark.NONE)) {
      return SendResult.NO_ROUTE; // forwardTraffic: no route, watermark, or misdelivered
    }
    if (FrameCodec.trafficLength(routed, source, watermark, payload.remaining())
        > FrameHeader.FRAME_LENGTH_MAX) {
      return SendResult.NO_ROUTE; // cannot happen after payloadLengthMax; as forwardTraffic
    }
    outbox.originate(port, hopLimit, routed, source, destination, watermark, payload);
    return SendResult.QUEUED;
  }

  /** Traffic for this node itself, or tagged: decoded and routed by {@link #forwardTraffic}. */
  private SendResult originateDecoded(
      long nowNs,
      PublicKey destination,
      Coordinates destinationCoordinates,
      Coordinates source,
      ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    if (destination.equals(self)) {
      outbox.deliver(self, self, bytes);
      return SendResult.DELIVERED_LOCALLY;
    }
    TrafficFrame frame =
        new TrafficFrame(
            TrafficFrame.HOP_LIMIT_ORIGIN,
            destinationCoordinates,
            source,
            destination,
            self,
            Watermark.NONE,
            bytes);
    FrameVerdict verdict = forwardTraffic(nowNs, SnekNode.LOCAL_PORT, frame);
    if (verdict == FrameVerdict.DELIVERED_NEAREST) {
      return SendResult.DELIVERED_LOCALLY; // tagged, and no node nearer to the key is known
    }
    return verdict == FrameVerdict.FORWARDED ? SendResult.QUEUED : SendResult.NO_ROUTE;
  }

  /**
   * The common forwarding procedure for traffic (§8.4), from a peer or from SnekNode.LOCAL_PORT.
   */
  FrameVerdict forwardTraffic(long nowNs, int fromPort, TrafficFrame frame) {
    if (frame.destinationKey().equals(self)) {
      if (!frame.source().isRoot()) {
        coordinatesCache.put(frame.sourceKey(), frame.source(), nowNs);
      }
      outbox.deliver(frame.sourceKey(), self, frame.payload());
      return FrameVerdict.DELIVERED;
    }
    Coordinates destination = frame.destination();
    Watermark watermark = frame.watermark();
    int port = Hop.NONE;
    if (!destination.isRoot()) {
      port = treeHops.tree(view, fromPort, destination);
      assert port == ReferenceNextHop.tree(view, fromPort, destination)
          : "cached tree hop differs from the reference for " + destination;
    }
    if (port == Hop.NONE || port == Hop.LOCAL) {
      // No closer tree peer, or coordinates that name us for someone else's key: Go would deliver
      // the latter locally (§16); we fall back to SNEK for both.
      destination = Coordinates.ROOT;
      Hop hop = nextHopSnek(frame.destinationKey(), false, frame.watermark());
      port = hop.port();
      watermark = hop.watermark();
    }
    if (port == Hop.LOCAL && config.nearestDelivery() && RendezvousTag.isTagged(frame.payload())) {
      return deliverNearest(nowNs, fromPort, frame, watermark);
    }
    int hopLimit = frame.hopLimit();
    if (config.hopLimiting()) {
      if (hopLimit <= 1) {
        return FrameVerdict.DROPPED_HOP_LIMIT;
      }
      hopLimit--;
    }
    if (port == fromPort || port == Hop.NONE) {
      return FrameVerdict.DROPPED_NO_ROUTE;
    }
    if (watermark.worseThan(frame.watermark())) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    if (port == Hop.LOCAL) {
      return FrameVerdict.DROPPED_MISDELIVERED; // not for us, and nobody closer is known
    }
    TrafficFrame next =
        new TrafficFrame(
            hopLimit,
            destination,
            frame.source(),
            frame.destinationKey(),
            frame.sourceKey(),
            watermark,
            frame.payload());
    if (FrameCodec.encodedLength(next) > FrameHeader.FRAME_LENGTH_MAX) {
      return FrameVerdict.DROPPED_TOO_LARGE;
    }
    outbox.send(port, next);
    return FrameVerdict.FORWARDED;
  }

  /**
   * §8.4 for traffic from a peer, without decoding it: the frame is validated and read in place,
   * and a forwarded frame is rewritten once, straight into the driver's buffer. Only traffic for
   * this node takes the decoding path.
   */
  FrameVerdict forwardInPlace(long nowNs, int fromPort, ByteBuffer frame, int offset, int length) {
    try {
      int declared = FrameHeader.check(frame, offset, FrameHeader.FRAME_LENGTH_MAX);
      if (declared != length) {
        throw new WireException(
            WireError.FRAME_LENGTH_MISMATCH, "length field " + declared + ", bytes " + length);
      }
      traffic.wrap(frame, offset, length);
    } catch (WireException e) {
      node.malformed(e.reason());
      return FrameVerdict.MALFORMED;
    }
    counters.countIn(FrameType.TRAFFIC, length);
    if (self.equalsAt(frame, traffic.destinationKeyOffset())) {
      return deliverInPlace(nowNs);
    }
    boolean snek = !traffic.isTreeRouted();
    PublicKey frameWatermarkKey =
        snek ? keys.intern(frame, traffic.watermarkKeyOffset()) : PublicKey.FULL_MASK;
    long frameWatermarkSeq = snek ? traffic.watermarkSequence() : 0;
    int port = Hop.NONE;
    PublicKey watermarkKey = frameWatermarkKey;
    long watermarkSeq = frameWatermarkSeq;
    if (!snek) {
      port = treeHops.tree(view, fromPort, traffic.destinationPorts(), traffic.destinationDepth());
      assert port
              == ReferenceNextHop.tree(
                  view, fromPort, traffic.destinationPorts(), traffic.destinationDepth())
          : "cached tree hop differs from the reference";
    }
    if (port == Hop.NONE || port == Hop.LOCAL) {
      snek = true; // no closer tree peer: fall back to SNEK (§8.2), as forwardTraffic does
      PublicKey destination = keys.intern(frame, traffic.destinationKeyOffset());
      IndexedNextHop.snek(
          view,
          node.ports().index(),
          node.snake().table(),
          destination,
          false,
          frameWatermarkKey,
          frameWatermarkSeq,
          hop);
      assert hop.toHop()
              .equals(
                  ReferenceNextHop.snek(
                      view,
                      destination,
                      false,
                      new Watermark(frameWatermarkKey, frameWatermarkSeq)))
          : "indexed next hop differs from the reference for " + destination;
      port = hop.port();
      watermarkKey = hop.key();
      watermarkSeq = hop.sequence();
    }
    if (port == Hop.LOCAL
        && config.nearestDelivery()
        && RendezvousTag.isTagged(frame, traffic.payloadOffset(), traffic.payloadLength())) {
      return decodeAndForward(nowNs, fromPort, frame); // rare: rendezvous traffic ends here
    }
    int hopLimit = traffic.hopLimit();
    if (config.hopLimiting()) {
      if (hopLimit <= 1) {
        return FrameVerdict.DROPPED_HOP_LIMIT;
      }
      hopLimit--;
    }
    if (port == fromPort || port == Hop.NONE) {
      return FrameVerdict.DROPPED_NO_ROUTE;
    }
    if (Watermark.worse(watermarkKey, watermarkSeq, frameWatermarkKey, frameWatermarkSeq)) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    if (port == Hop.LOCAL) {
      return FrameVerdict.DROPPED_MISDELIVERED;
    }
    if (traffic.forwardedLength(snek, watermarkSeq) > FrameHeader.FRAME_LENGTH_MAX) {
      return FrameVerdict.DROPPED_TOO_LARGE;
    }
    outbox.forward(port, traffic, frame, hopLimit, snek, watermarkKey, watermarkSeq);
    return FrameVerdict.FORWARDED;
  }

  /**
   * Traffic that ends here (for this node, or tagged and nearest here): decoded, since it is not on
   * the forwarding path, and handed to {@link #forwardTraffic}, which decides the same way.
   */
  private FrameVerdict decodeAndForward(long nowNs, int fromPort, ByteBuffer frame) {
    try {
      return forwardTraffic(nowNs, fromPort, (TrafficFrame) FrameCodec.decode(frame.duplicate()));
    } catch (WireException e) {
      throw new IllegalStateException("a validated frame failed to decode", e);
    }
  }

  /**
   * Traffic for this node (§8.3), read in place: the payload is copied once, by {@link
   * Outbox#pollDelivery}, into the driver's buffer.
   */
  private FrameVerdict deliverInPlace(long nowNs) {
    ByteBuffer frame = traffic.buffer();
    PublicKey source = keys.intern(frame, traffic.sourceKeyOffset());
    if (!traffic.sourceIsRoot()) {
      try {
        coordinatesCache.put(source, traffic, nowNs);
      } catch (WireException impossible) {
        throw new IllegalStateException("validated coordinates failed to decode", impossible);
      }
    }
    outbox.deliver(source, self, frame, traffic.payloadOffset(), traffic.payloadLength());
    return FrameVerdict.DELIVERED;
  }

  /**
   * Tagged traffic for which no node nearer to its destination key is known (ROUTING.md, "Nearest
   * delivery"). A key above every key in the network would stop wherever it happens to be, since
   * SNEK has nothing above it to head for; such traffic goes to the root, the highest key, which
   * every node agrees on.
   */
  private FrameVerdict deliverNearest(
      long nowNs, int fromPort, TrafficFrame frame, Watermark watermark) {
    if (watermark.worseThan(frame.watermark())) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    PublicKey root = node.root().key();
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
    Hop toRoot = nextHopSnek(root, false, frame.watermark());
    int port = toRoot.port();
    int hopLimit = frame.hopLimit();
    if (config.hopLimiting()) {
      if (hopLimit <= 1) {
        return FrameVerdict.DROPPED_HOP_LIMIT;
      }
      hopLimit--;
    }
    if (port == fromPort || port == Hop.NONE || port == Hop.LOCAL) {
      return FrameVerdict.DROPPED_NO_ROUTE;
    }
    if (toRoot.watermark().worseThan(frame.watermark())) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    TrafficFrame next =
        new TrafficFrame(
            hopLimit,
            Coordinates.ROOT,
            frame.source(),
            frame.destinationKey(),
            frame.sourceKey(),
            toRoot.watermark(),
            frame.payload());
    if (FrameCodec.encodedLength(next) > FrameHeader.FRAME_LENGTH_MAX) {
      return FrameVerdict.DROPPED_TOO_LARGE;
    }
    outbox.send(port, next);
    return FrameVerdict.FORWARDED;
  }

  /** §7.3 and §8.4 for a bootstrap from a peer. */
  FrameVerdict forwardBootstrap(long nowNs, int fromPort, BootstrapFrame frame) {
    Hop hop = nextHopSnek(frame.destinationKey(), true, frame.watermark());
    FrameVerdict verdict = node.snake().handleBootstrap(nowNs, fromPort, frame, hop);
    if (verdict != FrameVerdict.FORWARDED) {
      return verdict;
    }
    if (hop.port() == fromPort) {
      return FrameVerdict.DROPPED_NO_ROUTE;
    }
    if (hop.watermark().worseThan(frame.watermark())) {
      return FrameVerdict.DROPPED_WATERMARK;
    }
    outbox.send(hop.port(), frame.withWatermark(hop.watermark()));
    return FrameVerdict.FORWARDED;
  }

  Hop nextHopSnek(PublicKey destination, boolean bootstrap, Watermark watermark) {
    Hop hop =
        IndexedNextHop.snek(
            view, node.ports().index(), node.snake().table(), destination, bootstrap, watermark);
    assert hop.equals(ReferenceNextHop.snek(view, destination, bootstrap, watermark))
        : "indexed next hop differs from the reference for " + destination;
    return hop;
  }
}
