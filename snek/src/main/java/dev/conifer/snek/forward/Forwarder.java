package dev.conifer.snek.forward;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.RendezvousTag;
import dev.conifer.snek.SendResult;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.HopResult;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
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
 * hop limit, watermark and loop checks ({@link DropChecks}). Traffic from peers takes the in-place
 * path, which allocates nothing and copies each forwarded frame once.
 *
 * <p>Next hops come from {@link NextHops}, which checks each against the reference under {@code
 * -ea}.
 */
public final class Forwarder {
  private final PublicKey self;
  private final SnekConfig config;
  private final RoutingView view;
  private final NextHops nextHops;
  private final CoordinatesCache coordinatesCache;
  private final TrafficOut outbox;
  private final NearestDelivery nearest;
  private final TrafficFlyweight traffic = new TrafficFlyweight();
  private final KeyCache keys = new KeyCache();

  /**
   * @param view the node's routing state, read-only
   */
  public Forwarder(
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
    this.nearest = new NearestDelivery(self, config, view, nextHops, coordinatesCache, outbox);
  }

  /** Room left for payload once the frame may have switched to SNEK with a full watermark. */
  private static int payloadLengthMax(Coordinates destination, Coordinates source) {
    int snekDestination = Coordinates.LENGTH_FIELD_LENGTH + PublicKey.LENGTH + VarU64.LENGTH_MAX;
    return FrameHeader.FRAME_LENGTH_MAX
        - FrameHeader.LENGTH
        - 2
        - source.encodedLength()
        - 2 * PublicKey.LENGTH
        - Math.max(destination.encodedLength(), snekDestination);
  }

  /**
   * Traffic this node originates (§8.2); the payload is copied. The usual case (to another node,
   * untagged) is routed here exactly as {@link #forwardTraffic} routes a frame from the local port,
   * but without building the frame: the outbox encodes it from its parts.
   */
  public SendResult originate(long nowNs, PublicKey destination, ByteBuffer payload) {
    Coordinates destinationCoordinates = coordinatesCache.get(destination, nowNs);
    Coordinates source = view.selfCoordinates();
    if (payload.remaining() > payloadLengthMax(destinationCoordinates, source)) {
      return SendResult.PAYLOAD_TOO_LARGE;
    }
    if (destination.equals(self) || (config.nearestDelivery() && RendezvousTag.isTagged(payload))) {
      return originateDecoded(nowNs, destination, destinationCoordinates, source, payload);
    }
    int port = Hop.NONE;
    if (!destinationCoordinates.isRoot()) {
      port = nextHops.tree(Hop.LOCAL, destinationCoordinates);
    }
    Coordinates routed = destinationCoordinates;
    Watermark watermark = Watermark.NONE;
    if (port == Hop.NONE || port == Hop.LOCAL) {
      routed = Coordinates.ROOT;
      Hop hop = nextHops.snek(destination, false, Watermark.NONE);
      port = hop.port();
      watermark = hop.watermark();
    }
    int hopLimit = TrafficFrame.HOP_LIMIT_ORIGIN;
    FrameVerdict verdict =
        DropChecks.verdict(
            Hop.LOCAL,
            port,
            hopLimit,
            config.hopLimiting(),
            watermark.worseThan(Watermark.NONE),
            FrameCodec.trafficLength(routed, source, watermark, payload.remaining()));
    if (verdict != FrameVerdict.FORWARDED) {
      return SendResult.NO_ROUTE; // as forwardTraffic, which would drop it
    }
    hopLimit = DropChecks.onwardHopLimit(hopLimit, config.hopLimiting());
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
    FrameVerdict verdict = forwardTraffic(nowNs, Hop.LOCAL, frame);
    if (verdict == FrameVerdict.DELIVERED_NEAREST) {
      return SendResult.DELIVERED_LOCALLY; // tagged, and no node nearer to the key is known
    }
    return verdict == FrameVerdict.FORWARDED ? SendResult.QUEUED : SendResult.NO_ROUTE;
  }

  /** The common forwarding procedure for traffic (§8.4), from a peer or from Hop.LOCAL. */
  public FrameVerdict forwardTraffic(long nowNs, int fromPort, TrafficFrame frame) {
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
      port = nextHops.tree(fromPort, destination);
    }
    if (port == Hop.NONE || port == Hop.LOCAL) {
      // No closer tree peer, or coordinates that name us for someone else's key: Go would deliver
      // the latter locally (§16); we fall back to SNEK for both.
      destination = Coordinates.ROOT;
      Hop hop = nextHops.snek(frame.destinationKey(), false, frame.watermark());
      port = hop.port();
      watermark = hop.watermark();
    }
    if (port == Hop.LOCAL && config.nearestDelivery() && RendezvousTag.isTagged(frame.payload())) {
      return nearest.deliver(nowNs, fromPort, frame, watermark);
    }
    FrameVerdict verdict =
        DropChecks.verdict(
            fromPort,
            port,
            frame.hopLimit(),
            config.hopLimiting(),
            watermark.worseThan(frame.watermark()),
            FrameCodec.trafficLength(
                destination, frame.source(), watermark, frame.payload().length));
    if (verdict == FrameVerdict.FORWARDED) {
      outbox.send(
          port,
          new TrafficFrame(
              DropChecks.onwardHopLimit(frame.hopLimit(), config.hopLimiting()),
              destination,
              frame.source(),
              frame.destinationKey(),
              frame.sourceKey(),
              watermark,
              frame.payload()));
    }
    return verdict;
  }

  /**
   * §8.4 for traffic from a peer, without decoding it: the frame is validated and read in place,
   * and a forwarded frame is rewritten once, straight into the driver's buffer. Only traffic for
   * this node takes the decoding path.
   *
   * @throws WireException if the frame is malformed; then nothing else happened
   */
  public FrameVerdict forwardInPlace(
      long nowNs, int fromPort, ByteBuffer frame, int offset, int length) throws WireException {
    int declared = FrameHeader.check(frame, offset, FrameHeader.FRAME_LENGTH_MAX);
    if (declared != length) {
      throw new WireException(
          WireError.FRAME_LENGTH_MISMATCH, "length field " + declared + ", bytes " + length);
    }
    traffic.wrap(frame, offset, length);
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
      port = nextHops.tree(fromPort, traffic.destinationPorts(), traffic.destinationDepth());
    }
    if (port == Hop.NONE || port == Hop.LOCAL) {
      snek = true; // no closer tree peer: fall back to SNEK (§8.2), as forwardTraffic does
      PublicKey destination = keys.intern(frame, traffic.destinationKeyOffset());
      HopResult hop = nextHops.snekTraffic(destination, frameWatermarkKey, frameWatermarkSeq);
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
    boolean hopLimiting = config.hopLimiting();
    FrameVerdict verdict =
        DropChecks.verdict(
            fromPort,
            port,
            hopLimit,
            hopLimiting,
            Watermark.worse(watermarkKey, watermarkSeq, frameWatermarkKey, frameWatermarkSeq),
            traffic.forwardedLength(snek, watermarkSeq));
    if (verdict == FrameVerdict.FORWARDED) {
      outbox.forward(
          port,
          traffic,
          frame,
          DropChecks.onwardHopLimit(hopLimit, hopLimiting),
          snek,
          watermarkKey,
          watermarkSeq);
    }
    return verdict;
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
   * Traffic for this node (§8.3), read in place: the payload is copied once, when the driver polls
   * the delivery, into the driver's buffer.
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
   * §8.4 for a bootstrap from a peer that the snake accepted (§7.3) with next hop {@code hop}, a
   * link port. Bootstraps ignore the hop limit.
   */
  public FrameVerdict forwardBootstrap(int fromPort, BootstrapFrame frame, Hop hop) {
    BootstrapFrame next = frame.withWatermark(hop.watermark());
    FrameVerdict verdict =
        DropChecks.verdict(
            fromPort,
            hop.port(),
            0,
            false,
            hop.watermark().worseThan(frame.watermark()),
            FrameCodec.encodedLength(next));
    if (verdict == FrameVerdict.FORWARDED) {
      outbox.send(hop.port(), next);
    }
    return verdict;
  }
}
