package dev.conifer.snek;

import static dev.conifer.snek.SnekNode.NO_DEADLINE;

import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import java.util.HashMap;
import java.util.Map;

/** Wakeup broadcasts (PROTOCOL.md §9): a limited flood saying "this key is nearby". */
final class Broadcasts {
  private record Seen(long sequence, long lastSeenNs) {}

  private final SnekNode node;
  private final Ports ports;
  private final SplitMix64 random;
  private final Map<PublicKey, Seen> seen = new HashMap<>();
  private long deadlineNs;

  Broadcasts(SnekNode node, Ports ports, SplitMix64 random, long nowNs) {
    this.node = node;
    this.ports = ports;
    this.random = random;
    this.deadlineNs = node.config().broadcastsEnabled() ? nextDeadline(nowNs) : NO_DEADLINE;
  }

  /** Go fires every node at once; jitter spreads the storm (DESIGN.md "Lessons"). */
  private long nextDeadline(long nowNs) {
    return nowNs
        + SnekConfig.BROADCAST_INTERVAL_NS
        + random.nextLong(node.config().timerJitterNs());
  }

  long deadlineNs() {
    return deadlineNs;
  }

  void handleTimeout(long nowNs) {
    if (nowNs >= deadlineNs) {
      deadlineNs = nextDeadline(nowNs);
      originate(nowNs);
    }
  }

  /** Forget old sightings, then flood a fresh broadcast of our own. */
  void originate(long nowNs) {
    seen.values().removeIf(s -> nowNs - s.lastSeenNs >= SnekConfig.BROADCAST_SEEN_EXPIRY_NS);
    flood(SnekNode.LOCAL_PORT, fresh(nowNs), true);
  }

  /** §5.4 step 8: a broadcast for one peer after its first announcement. */
  void sendTo(long nowNs, int port) {
    node.outbox().send(port, fresh(nowNs));
  }

  private WakeupBroadcastFrame fresh(long nowNs) {
    SignedRootPayload payload =
        SignedRootPayload.sign(node.nextSequence(nowNs), node.tree().root(), node.signer());
    return new WakeupBroadcastFrame(
        WakeupBroadcastFrame.HOP_LIMIT_ORIGIN, node.publicKey(), payload);
  }

  /** §9 "Receiving". Duplicates and foreign roots are dropped before any crypto. */
  FrameVerdict handle(long nowNs, int fromPort, WakeupBroadcastFrame frame) {
    PublicKey source = frame.sourceKey();
    SignedRootPayload payload = frame.payload();
    if (source.equals(node.publicKey()) || !payload.root().key().equals(node.tree().root().key())) {
      return FrameVerdict.DROPPED_WRONG_ROOT;
    }
    Seen last = seen.get(source);
    if (last != null
        && (nowNs - last.lastSeenNs < SnekConfig.BROADCAST_FILTER_NS
            || Long.compareUnsigned(payload.sequence(), last.sequence) <= 0)) {
      return FrameVerdict.DROPPED_STALE;
    }
    if (!ports.tryAcquire(fromPort, false, nowNs, node.config().broadcastPerPeerPerSecondMax())) {
      return FrameVerdict.DROPPED_RATE_LIMITED;
    }
    if (!payload.verify(source, node.verifier())) {
      return FrameVerdict.BAD_BROADCAST;
    }
    seen.put(source, new Seen(payload.sequence(), nowNs));
    node.outbox().event(new SnekEvent.BroadcastReceived(source));
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
    Coordinates self = node.tree().coordinates();
    Map<PublicKey, Integer> chosen = new HashMap<>();
    int[] order = new int[ports.limit() + 1];
    int count = 0;
    for (int port = 1; port <= ports.limit(); port++) {
      if (port == fromPort || !ports.isStarted(port)) {
        continue;
      }
      PeerAnnouncement a = ports.announcement(port);
      if (!classic && (a == null || a.senderCoordinates().distanceTo(self) != 1)) {
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
      node.outbox().sendEncoded(order[i], FrameType.WAKEUP_BROADCAST, bytes);
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

  void reset() {
    seen.clear();
  }
}
