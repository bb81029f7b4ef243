package dev.conifer.snek.broadcast;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.peer.Ports;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import java.util.HashMap;
import java.util.Map;

/** Wakeup broadcasts (PROTOCOL.md §9): a limited flood saying "this key is nearby". */
public final class Broadcasts {
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private record Seen(long sequence, long lastSeenNs) {}

  private final PublicKey self;
  private final Signer signer;
  private final Verifier verifier;
  private final SnekConfig config;
  private final Ports ports;
  private final BroadcastLinks links;
  private final Map<PublicKey, Seen> seen = new HashMap<>();
  private long deadlineNs;

  public Broadcasts(
      PublicKey self,
      Signer signer,
      Verifier verifier,
      SnekConfig config,
      Ports ports,
      BroadcastLinks links,
      long nowNs) {
    this.self = self;
    this.signer = signer;
    this.verifier = verifier;
    this.config = config;
    this.ports = ports;
    this.links = links;
    this.deadlineNs = config.broadcastsEnabled() ? nextDeadline(nowNs) : NO_DEADLINE;
  }

  /** Go fires every node at once; jitter spreads the storm (ARCHITECTURE.md "Lessons"). */
  private long nextDeadline(long nowNs) {
    return nowNs + SnekConfig.BROADCAST_INTERVAL_NS + links.jitterNs();
  }

  public long deadlineNs() {
    return deadlineNs;
  }

  public void handleTimeout(long nowNs) {
    if (nowNs >= deadlineNs) {
      deadlineNs = nextDeadline(nowNs);
      originate(nowNs);
    }
  }

  /** Forget old sightings, then flood a fresh broadcast of our own. */
  public void originate(long nowNs) {
    seen.values().removeIf(s -> nowNs - s.lastSeenNs >= SnekConfig.BROADCAST_SEEN_EXPIRY_NS);
    flood(Hop.LOCAL, fresh(nowNs), true);
  }

  /** §5.4 step 8: a broadcast for one peer after its first announcement. */
  public void sendTo(long nowNs, int port) {
    links.send(port, FrameCodec.encode(fresh(nowNs)));
  }

  private WakeupBroadcastFrame fresh(long nowNs) {
    SignedRootPayload payload =
        SignedRootPayload.sign(links.nextSequence(nowNs), links.root(), signer);
    return new WakeupBroadcastFrame(WakeupBroadcastFrame.HOP_LIMIT_ORIGIN, self, payload);
  }

  /** §9 "Receiving". Duplicates and foreign roots are dropped before any crypto. */
  public FrameVerdict handle(long nowNs, int fromPort, WakeupBroadcastFrame frame) {
    PublicKey source = frame.sourceKey();
    SignedRootPayload payload = frame.payload();
    if (source.equals(self) || !payload.root().key().equals(links.root().key())) {
      return FrameVerdict.DROPPED_WRONG_ROOT;
    }
    Seen last = seen.get(source);
    if (last != null
        && (nowNs - last.lastSeenNs < SnekConfig.BROADCAST_FILTER_NS
            || Long.compareUnsigned(payload.sequence(), last.sequence) <= 0)) {
      return FrameVerdict.DROPPED_STALE;
    }
    if (!ports.tryAcquire(fromPort, false, nowNs, config.broadcastPerPeerPerSecondMax())) {
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    if (!payload.verify(source, verifier)) {
      return FrameVerdict.BAD_BROADCAST;
    }
    seen.put(source, new Seen(payload.sequence(), nowNs));
    links.received(source);
    if (frame.hopLimit() <= 1) {
      return FrameVerdict.CONSUMED;
    }
    int hopLimit = frame.hopLimit() - 1;
    flood(fromPort, new WakeupBroadcastFrame(hopLimit, source, payload), hopLimit >= 4);
    return FrameVerdict.FORWARDED;
  }

  /**
   * Sends to one peering per distinct key, except {@code fromPort}: to all of them (classic), or
   * only to parent and children (tree flood: peer coords at tree distance exactly 1).
   */
  private void flood(int fromPort, WakeupBroadcastFrame frame, boolean classic) {
    Coordinates here = links.coordinates();
    Map<PublicKey, Integer> chosen = new HashMap<>();
    int[] order = new int[ports.limit() + 1];
    int count = 0;
    for (int port = 1; port <= ports.limit(); port++) {
      if (port == fromPort || !ports.isStarted(port)) {
        continue;
      }
      PeerAnnouncement a = ports.announcement(port);
      if (!classic && (a == null || a.senderCoordinates().distanceTo(here) != 1)) {
        continue;
      }
      Integer previous = chosen.get(ports.key(port));
      if (previous == null) {
        chosen.put(ports.key(port), port);
        order[count++] = port;
      } else if (better(port, previous)) {
        chosen.put(ports.key(port), port);
        for (int i = 0; i < count; i++) {
          if (order[i] == previous) {
            order[i] = port;
          }
        }
      }
    }
    byte[] bytes = count == 0 ? null : FrameCodec.encode(frame);
    for (int i = 0; i < count; i++) {
      links.send(order[i], bytes);
    }
  }

  private boolean better(int port, int previous) {
    if (ports.type(port).preference() < ports.type(previous).preference()) {
      return true;
    }
    PeerAnnouncement a = ports.announcement(port);
    PeerAnnouncement b = ports.announcement(previous);
    return a != null && (b == null || a.receiveOrder() < b.receiveOrder());
  }

  public void reset() {
    seen.clear();
  }
}
