package dev.conifer.simulator;

import dev.conifer.snek.Delivery;
import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekEvent;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simulated network: nodes, links, and the frames between them, driven by one {@link
 * EventQueue}. It follows the snek driver contract after every call into a node: drain transmits,
 * then deliveries, then the deadline, then events.
 *
 * <p>Link failures are seen in one of two ways ({@link Liveness}): at once (both ends get {@code
 * portDown}, as with Pinecone's in-memory pipes), or silently (frames stop, each end notices only
 * when 5 s pass without hearing anything, with 3 s keepalives modelled and counted).
 */
public final class SimNetwork {
  /** How nodes learn that a link failed. */
  public enum Liveness {
    INSTANT,
    KEEPALIVE
  }

  public static final int KEEPALIVE_LENGTH = KeepaliveModel.KEEPALIVE_LENGTH;

  final SimClock clock;
  final EventQueue queue;
  final List<SimNode> nodes = new ArrayList<>();
  final List<SimLink> links = new ArrayList<>();
  private final SnekConfig snekConfig;
  private final Liveness liveness;
  private final double lossProbability;
  private final long jitterNs;
  private final SimRandom frameRandom;
  final NetworkObserver observer;
  private final KeepaliveModel keepalives = new KeepaliveModel(this);
  private ByteBuffer buffer = ByteBuffer.allocate(1 << 17);
  private final Transmit transmit = new Transmit();
  private final Delivery delivery = new Delivery();

  long framesSentCount;
  long framesLostCount;
  long framesDroppedOnDownLinkCount;
  long adversaryDropCount;
  long protocolDisconnectCount;
  long malformedCount;

  /** Frame verdicts summed over nodes: stopped incarnations are added as they stop. */
  private final long[] verdictCounts = new long[FrameVerdict.values().length];

  public SimNetwork(
      SimClock clock,
      EventQueue queue,
      SnekConfig snekConfig,
      Liveness liveness,
      double lossProbability,
      long jitterNs,
      SimRandom frameRandom,
      NetworkObserver observer) {
    this.clock = clock;
    this.queue = queue;
    this.snekConfig = snekConfig;
    this.liveness = liveness;
    this.lossProbability = lossProbability;
    this.jitterNs = jitterNs;
    this.frameRandom = frameRandom;
    this.observer = observer;
  }

  public List<SimNode> nodes() {
    return nodes;
  }

  public List<SimLink> links() {
    return links;
  }

  public Liveness liveness() {
    return liveness;
  }

  SimNode addNode(SimNode node) {
    nodes.add(node);
    return node;
  }

  SimLink addLink(SimNode a, SimNode b, long latencyNs) {
    SimLink link = new SimLink(links.size(), a, b, latencyNs);
    links.add(link);
    a.links.add(link);
    b.links.add(link);
    return link;
  }

  /** Starts (or restarts, after a crash) a node's state machine, then brings its links up. */
  void start(SimNode node, Verifier verifier) {
    long now = clock.nowNs();
    node.incarnation++;
    node.clearPorts();
    node.timerNs = SnekNode.NO_DEADLINE;
    node.snek =
        new SnekNode(
            snekConfig,
            node.signer,
            verifier,
            now,
            clock.epochMs(),
            SimRandom.mix(node.nodeSeed + node.incarnation));
    drain(node);
    for (SimLink link : node.links) {
      link.downReasons &= ~(link.a == node ? SimLink.DOWN_NODE_A : SimLink.DOWN_NODE_B);
      reconcile(link, false);
    }
    observer.onStateChange(node, null);
  }

  /**
   * Stops a node: a crash ({@code explicit} false: peers notice by timeout in keepalive mode) or a
   * removal (explicit: every connection is closed, so peers notice at once).
   */
  void stop(SimNode node, boolean explicit) {
    if (node.snek == null) {
      return;
    }
    addVerdicts(node.snek, verdictCounts);
    node.snek = null;
    node.timerNs = SnekNode.NO_DEADLINE;
    for (SimLink link : node.links) {
      link.downReasons |= link.a == node ? SimLink.DOWN_NODE_A : SimLink.DOWN_NODE_B;
      if (link.portAt(node) != SimNode.NO_PORT) {
        keepalives.accountKeepalives(link, link.a == node, clock.nowNs()); // its writer stops here
      }
      if (link.a == node) {
        link.portA = SimNode.NO_PORT;
      } else {
        link.portB = SimNode.NO_PORT;
      }
      reconcile(link, explicit);
      if (link.connected && link.portA == SimNode.NO_PORT && link.portB == SimNode.NO_PORT) {
        closeConnection(link);
      }
    }
    node.clearPorts();
    observer.onStateChange(node, null);
  }

  /** Adds or clears down reasons on a link and applies the result. */
  void setDown(SimLink link, int reason, boolean down, boolean explicit) {
    int before = link.downReasons;
    link.downReasons = down ? before | reason : before & ~reason;
    if (link.downReasons != before) {
      reconcile(link, explicit);
    }
  }

  /** Makes the connection match what the link wants: open it, close it, or let it go silent. */
  void reconcile(SimLink link, boolean explicit) {
    if (link.downReasons != 0) {
      if (link.connected && !link.silent) {
        if (explicit || liveness == Liveness.INSTANT) {
          closeConnection(link);
        } else {
          keepalives.goSilent(link);
        }
        observer.onStateChange(null, null);
      }
    } else if (!link.connected && link.a.isAlive() && link.b.isAlive()) {
      openConnection(link);
      observer.onStateChange(null, null);
    }
  }

  private void openConnection(SimLink link) {
    long now = clock.nowNs();
    link.epoch++;
    link.connected = true;
    link.silent = false;
    link.portA = link.a.allocatePort(link, snekConfig.portCountMax());
    link.portB = link.b.allocatePort(link, snekConfig.portCountMax());
    link.lastSendFromA = link.lastSendFromB = now;
    link.lastHeardAtA = link.lastHeardAtB = now;
    link.a.snek.portUp(now, link.portA, link.b.key, PeerType.PIPE);
    drain(link.a);
    link.b.snek.portUp(now, link.portB, link.a.key, PeerType.PIPE);
    drain(link.b);
  }

  /** Both ends learn at once (a closed socket, or an in-memory pipe). */
  void closeConnection(SimLink link) {
    link.epoch++;
    link.connected = false;
    link.silent = false;
    closeEnd(link, true);
    closeEnd(link, false);
    reconcile(link, false);
  }

  void closeEnd(SimLink link, boolean endA) {
    SimNode node = endA ? link.a : link.b;
    int port = endA ? link.portA : link.portB;
    if (port == SimNode.NO_PORT) {
      return;
    }
    if (endA) {
      link.portA = SimNode.NO_PORT;
    } else {
      link.portB = SimNode.NO_PORT;
    }
    node.freePort(port);
    if (node.snek != null) {
      keepalives.accountKeepalives(link, endA, clock.nowNs());
      node.snek.portDown(clock.nowNs(), port);
      drain(node);
    }
  }

  /** Runs the driver contract on {@code node} after any call into it. */
  void drain(SimNode node) {
    SnekNode snek = node.snek;
    if (snek == null) {
      return;
    }
    long now = clock.nowNs();
    int length;
    while ((length = snek.nextTransmitLength()) != SnekNode.NOTHING) {
      ensureBuffer(length);
      buffer.clear();
      if (!snek.pollTransmit(buffer, transmit)) {
        break;
      }
      byte[] frame = Arrays.copyOf(buffer.array(), transmit.length());
      send(node, transmit.port(), transmit.type(), frame, now);
    }
    while ((length = snek.nextDeliveryLength()) != SnekNode.NOTHING) {
      ensureBuffer(length);
      buffer.clear();
      if (!snek.pollDelivery(buffer, delivery)) {
        break;
      }
      observer.onDelivery(
          node, delivery.sourceKey(), Arrays.copyOf(buffer.array(), delivery.length()), now);
    }
    long deadline = snek.pollDeadlineNs();
    if (deadline != SnekNode.NO_DEADLINE && deadline < node.timerNs) {
      node.timerNs = Math.max(deadline, now);
      queue.schedule(node.timerNs, new NetworkEvents.NodeTimer(this, node, node.incarnation));
    }
    SnekEvent event;
    while ((event = snek.pollEvent()) != null) {
      if (event instanceof SnekEvent.DisconnectRequested d) {
        SimLink link = node.linkAt(d.port());
        if (link != null) {
          protocolDisconnectCount++;
          queue.schedule(now, new NetworkEvents.Disconnect(this, link, link.epoch));
        }
      } else {
        observer.onStateChange(node, event);
      }
    }
  }

  private void ensureBuffer(int length) {
    if (buffer.capacity() < length) {
      buffer = ByteBuffer.allocate(Integer.highestOneBit(length) << 1);
    }
  }

  private void send(SimNode from, int port, FrameType type, byte[] frame, long now) {
    framesSentCount++;
    if (!observer.onTransmit(from, type, frame, now)) {
      return;
    }
    SimLink link = from.linkAt(port);
    if (link == null || !link.connected || link.silent) {
      framesDroppedOnDownLinkCount++;
      return;
    }
    boolean fromA = link.a == from;
    keepalives.accountKeepalives(link, fromA, now);
    if (fromA) {
      link.lastSendFromA = now;
    } else {
      link.lastSendFromB = now;
    }
    if (lossProbability > 0 && frameRandom.nextDouble() < lossProbability) {
      framesLostCount++;
      return;
    }
    long arrival = now + link.latencyNs + (jitterNs > 0 ? frameRandom.nextLong(jitterNs + 1) : 0);
    if (fromA) {
      arrival = Math.max(arrival, link.lastArrivalScheduledAtB);
      link.lastArrivalScheduledAtB = arrival;
    } else {
      arrival = Math.max(arrival, link.lastArrivalScheduledAtA);
      link.lastArrivalScheduledAtA = arrival;
    }
    queue.schedule(arrival, new FrameArrival(link, link.epoch, !fromA, type, frame));
  }

  private final class FrameArrival extends EventQueue.Event {
    private final SimLink link;
    private final int epoch;
    private final boolean toA;
    private final FrameType type;
    private final byte[] frame;

    FrameArrival(SimLink link, int epoch, boolean toA, FrameType type, byte[] frame) {
      this.link = link;
      this.epoch = epoch;
      this.toA = toA;
      this.type = type;
      this.frame = frame;
    }

    @Override
    protected void run(long nowNs) {
      int port = toA ? link.portA : link.portB;
      SimNode to = toA ? link.a : link.b;
      if (link.epoch != epoch || link.silent || port == SimNode.NO_PORT || to.snek == null) {
        framesDroppedOnDownLinkCount++;
        return;
      }
      if (toA) {
        link.lastHeardAtA = nowNs;
      } else {
        link.lastHeardAtB = nowNs;
      }
      if (to.filter != null && to.filter.drop((toA ? link.b : link.a).name, type)) {
        adversaryDropCount++;
        return;
      }
      FrameVerdict verdict = to.snek.handleFrame(nowNs, port, ByteBuffer.wrap(frame));
      if (verdict == FrameVerdict.MALFORMED) {
        malformedCount++;
      }
      drain(to);
      if (verdict.disconnect()) {
        protocolDisconnectCount++;
        queue.schedule(nowNs, new NetworkEvents.Disconnect(SimNetwork.this, link, link.epoch));
      }
    }
  }

  private static void addVerdicts(SnekNode snek, long[] into) {
    for (FrameVerdict v : FrameVerdict.values()) {
      into[v.ordinal()] += snek.counters().verdicts(v);
    }
  }

  /** Frame verdicts of every node incarnation so far, indexed by {@link FrameVerdict#ordinal()}. */
  long[] verdictCounts() {
    long[] total = verdictCounts.clone();
    for (SimNode n : nodes) {
      if (n.snek != null) {
        addVerdicts(n.snek, total);
      }
    }
    return total;
  }

  /** At the end of a run, counts the keepalives still owed on every open connection. */
  void finish(long endNs) {
    for (SimLink link : links) {
      if (link.connected) {
        if (link.portA != SimNode.NO_PORT) {
          keepalives.accountKeepalives(link, true, endNs);
        }
        if (link.portB != SimNode.NO_PORT) {
          keepalives.accountKeepalives(link, false, endNs);
        }
      }
    }
  }
}
