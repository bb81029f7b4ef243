package dev.conifer.simulator;

import dev.conifer.router.DropReason;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.RouterConfig;
import dev.conifer.router.SteppedRouter;
import dev.conifer.simulator.model.SimRandom;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated network: nodes, links, and the frames between them, driven by one {@link
 * EventQueue}. Each live node runs the daemon's own router core ({@link SteppedRouter}: peer
 * queues, fair-queue drops, keepalives, read deadlines), fed frames through in-memory links ({@link
 * SimPeerLink}) and given the virtual time. After every input a node's router does its work and its
 * next deadline is scheduled, as the daemon's drivers do.
 *
 * <p>Link failures are seen in one of two ways ({@link Liveness}): at once (both ends' transports
 * report the close, as with Pinecone's in-memory pipes), or silently (frames stop, and each router
 * notices by its own 5 s read deadline while its 3 s keepalives go unanswered).
 */
public final class SimNetwork {
  /** How nodes learn that a link failed. */
  public enum Liveness {
    INSTANT,
    KEEPALIVE
  }

  final SimClock clock;
  final EventQueue queue;
  final List<SimNode> nodes = new ArrayList<>();
  final List<SimLink> links = new ArrayList<>();
  private final RouterConfig routerConfig;
  private final Liveness liveness;
  private final double lossProbability;
  private final long jitterNs;

  /** The run's seed: each sender draws loss and jitter from its own stream of it. */
  private final long frameSeed;

  final NetworkObserver observer;

  /** The nodes' partitions: one unless the run uses several threads ({@link WindowedEngine}). */
  Partition[] partitions;

  /** The smallest latency of any link so far: the width of a parallel run's windows. */
  long minLatencyNs = Long.MAX_VALUE;

  /**
   * Bumped whenever a node or link may have come, gone, gone up or gone down: shortest paths and
   * components computed at one value hold while it stays the same.
   */
  long topologyVersion;

  /** The earliest exception a router reported (a bug): the run fails with it. */
  private IllegalStateException routerBug;

  private long routerBugNs;
  private int routerBugNode;

  private final RouterCounts routerCounts = new RouterCounts();

  public SimNetwork(
      SimClock clock,
      EventQueue queue,
      SnekConfig snekConfig,
      Liveness liveness,
      double lossProbability,
      long jitterNs,
      long frameSeed,
      NetworkObserver observer) {
    this.clock = clock;
    this.queue = queue;
    this.routerConfig = RouterConfig.defaults().withSnek(snekConfig);
    this.liveness = liveness;
    this.lossProbability = lossProbability;
    this.jitterNs = jitterNs;
    this.frameSeed = frameSeed;
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
    topologyVersion++;
    nodes.add(node);
    return node;
  }

  SimLink addLink(SimNode a, SimNode b, long latencyNs) {
    topologyVersion++;
    SimLink link = new SimLink(links.size(), a, b, latencyNs);
    minLatencyNs = Math.min(minLatencyNs, latencyNs);
    links.add(link);
    a.links.add(link);
    b.links.add(link);
    return link;
  }

  /** Starts (or restarts, after a crash) a node's router, then brings its links up. */
  void start(SimNode node, Verifier verifier) {
    topologyVersion++;
    long now = clock.nowNs();
    node.incarnation++;
    node.clearPorts();
    node.timerNs = SteppedRouter.NO_DEADLINE;
    long seed = SimRandom.mix(node.nodeSeed + node.incarnation);
    SnekNode snek =
        new SnekNode(routerConfig.snek(), node.signer, verifier, now, clock.epochMs(), seed);
    node.router = SteppedRouter.create(routerConfig, snek, seed);
    node.snek = snek;
    node.router.setReceiver(
        (source, payload) -> {
          byte[] bytes = new byte[payload.remaining()];
          payload.get(payload.position(), bytes);
          observer.onDelivery(node, source, bytes, node.partition.clock.nowNs());
        });
    node.router.addListener(new StateListener(node, observer, this));
    afterInput(node);
    for (SimLink link : node.links) {
      link.downReasons &= ~(link.a == node ? SimLink.DOWN_NODE_A : SimLink.DOWN_NODE_B);
      reconcile(link, false);
    }
    observer.onStateChange(node);
  }

  /**
   * Stops a node: a crash ({@code explicit} false: peers notice by their read deadline in keepalive
   * mode) or a removal (explicit: every connection is closed, so peers notice at once).
   */
  void stop(SimNode node, boolean explicit) {
    topologyVersion++;
    if (node.router == null) {
      return;
    }
    routerCounts.keep(node.router);
    node.router = null; // the process is gone: its router tears nothing down
    node.snek = null;
    node.timerNs = SteppedRouter.NO_DEADLINE;
    for (SimLink link : node.links) {
      link.downReasons |= link.a == node ? SimLink.DOWN_NODE_A : SimLink.DOWN_NODE_B;
      SimPeerLink end = link.end(link.a == node);
      if (end != null && !end.closed) {
        end.closed = true;
        link.setPort(link.a == node, SimNode.NO_PORT);
      }
      reconcile(link, explicit);
      if (link.connected && link.portA == SimNode.NO_PORT && link.portB == SimNode.NO_PORT) {
        closeConnection(link);
      }
    }
    node.clearPorts();
    observer.onStateChange(node);
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
    topologyVersion++;
    if (link.downReasons != 0) {
      if (link.connected && !link.silent) {
        if (explicit || liveness == Liveness.INSTANT) {
          closeConnection(link);
        } else {
          link.silent = true; // each router's read deadline will notice
        }
        observer.onStateChange(null);
      }
    } else if (!link.connected && link.a.isAlive() && link.b.isAlive()) {
      openConnection(link);
      observer.onStateChange(null);
    }
  }

  private void openConnection(SimLink link) {
    topologyVersion++;
    long now = clock.nowNs();
    link.epoch++;
    link.connected = true;
    link.silent = false;
    link.endA = new SimPeerLink(this, link, true, link.epoch);
    link.endB = new SimPeerLink(this, link, false, link.epoch);
    attach(link.endA, link.b, now);
    attach(link.endB, link.a, now);
  }

  private void attach(SimPeerLink end, SimNode peer, long now) {
    SimNode node = end.node();
    int port = node.router.attach(now, new PeerInfo(peer.key, PeerType.PIPE, "", ""), end);
    if (port == SteppedRouter.NO_PORT) {
      throw new IllegalStateException(
          "node "
              + node.name
              + " has no free port (more than "
              + routerConfig.snek().portCountMax()
              + " links)");
    }
    end.port = port;
    end.generation = node.router.generationOf(port);
    end.link.setPort(end.atA, port);
    node.setPortLink(port, end.link);
    afterInput(node);
  }

  /** Both ends' transports report the close at once (a closed socket, or an in-memory pipe). */
  void closeConnection(SimLink link) {
    topologyVersion++;
    link.epoch++;
    link.connected = false;
    link.silent = false;
    closeEnd(link, true, "EOF");
    closeEnd(link, false, "EOF");
    reconcile(link, false);
  }

  /** One end's transport reports the connection gone to its router. */
  private void closeEnd(SimLink link, boolean atA, String reason) {
    SimPeerLink end = link.end(atA);
    if (end == null || end.closed) {
      return;
    }
    end.closed = true;
    link.setPort(atA, SimNode.NO_PORT);
    SimNode node = end.node();
    node.freePort(end.port);
    if (node.router != null) {
      node.router.input().closed(clock.nowNs(), end.port, end.generation, reason);
      afterInput(node);
    }
  }

  /**
   * A router closed its end (read deadline, protocol violation, a requested disconnect). Called
   * from inside that router, so it only records the close and schedules what follows: on a live
   * connection the other end sees the hang-up and the link is redialled a second later; on a silent
   * one the connection is gone once both ends have given up.
   */
  void closedByRouter(SimPeerLink end, String reason) {
    if (end.closed) {
      return;
    }
    end.closed = true;
    SimLink link = end.link;
    link.setPort(end.atA, SimNode.NO_PORT);
    end.node().freePort(end.port);
    SimNode node = end.node();
    Partition part = node.partition;
    if (reason.startsWith("read timeout")) {
      part.readTimeoutCount++;
    } else {
      part.protocolDisconnectCount++;
    }
    if (link.epoch != end.epoch) {
      return;
    }
    // The teardown touches both ends, so it is a global event; the other end hears of the hang-up
    // one link latency later, as it would over a real connection.
    long at = part.clock.nowNs() + link.latencyNs;
    long order = EventOrder.globalFrom(node);
    if (!link.silent) {
      part.scheduleGlobal(at, order, new NetworkEvents.Disconnect(this, link, link.epoch));
    } else {
      part.scheduleGlobal(at, order, new NetworkEvents.SilentLinkGone(this, link, link.epoch));
    }
  }

  /** Records a router's bug; with several threads, the earliest (by time, then node) is kept. */
  synchronized void routerBug(SimNode node, Throwable error) {
    long now = node.partition.clock.nowNs();
    if (routerBug == null
        || now < routerBugNs
        || (now == routerBugNs && node.index < routerBugNode)) {
      routerBugNs = now;
      routerBugNode = node.index;
      routerBug =
          new IllegalStateException(
              "router of node " + node.name + " failed at " + now + " ns", error);
    }
  }

  /** Throws the first router bug seen, if any. */
  synchronized void checkRouters() {
    if (routerBug != null) {
      throw routerBug;
    }
  }

  /** The driver's duty after any input: the router writes and runs timers, then is re-armed. */
  void afterInput(SimNode node) {
    SteppedRouter router = node.router;
    if (router == null) {
      return;
    }
    Partition part = node.partition;
    long now = part.clock.nowNs();
    router.doWork(now);
    long deadline = router.nextDeadlineNs();
    if (deadline != SteppedRouter.NO_DEADLINE && deadline < node.timerNs) {
      // A deadline already due after doWork would be a core bug: never spin at one instant.
      node.timerNs = Math.max(deadline, now + 1);
      part.queue.schedule(
          node.timerNs,
          EventOrder.of(node),
          new NetworkEvents.NodeTimer(this, node, node.incarnation));
    }
  }

  /** A frame a router wrote on {@code from}: it reaches the other end after the link's latency. */
  void transmit(SimPeerLink from, byte[] frame) {
    SimNode sender = from.node();
    Partition part = sender.partition;
    long now = part.clock.nowNs();
    part.framesSentCount++;
    FrameType type = FrameType.ofCode(frame[FrameHeader.TYPE_OFFSET] & 0xFF);
    if (!observer.onTransmit(sender, type, frame, now)) {
      return;
    }
    SimLink link = from.link;
    if (from.closed || link.epoch != from.epoch || !link.connected || link.silent) {
      part.framesDroppedOnDownLinkCount++;
      return;
    }
    if (lossProbability > 0 && frameRandom(sender).nextDouble() < lossProbability) {
      part.framesLostCount++;
      return;
    }
    long arrival =
        now + link.latencyNs + (jitterNs > 0 ? frameRandom(sender).nextLong(jitterNs + 1) : 0);
    if (from.atA) {
      arrival = Math.max(arrival, link.lastArrivalScheduledAtB);
      link.lastArrivalScheduledAtB = arrival;
    } else {
      arrival = Math.max(arrival, link.lastArrivalScheduledAtA);
      link.lastArrivalScheduledAtA = arrival;
    }
    SimPeerLink to = link.end(!from.atA);
    part.schedule(
        to.node(),
        arrival,
        EventOrder.of(sender),
        new NetworkEvents.FrameArrival(this, to, type, frame));
  }

  /** The sender's own stream of loss and jitter draws, so threads do not share one. */
  private SimRandom frameRandom(SimNode sender) {
    if (sender.frameRandom == null) {
      sender.frameRandom = SimRandom.stream(frameSeed, "frames:" + sender.index);
    }
    return sender.frameRandom;
  }

  /** A partition counter summed over the partitions, e.g. {@code total(p -> p.framesSentCount)}. */
  long total(java.util.function.ToLongFunction<Partition> counter) {
    long sum = 0;
    for (Partition p : partitions) {
      sum += counter.applyAsLong(p);
    }
    return sum;
  }

  /** Frame verdicts of every node incarnation so far, by frame type. */
  VerdictTable verdictCounts() {
    return routerCounts.verdicts(nodes);
  }

  /** Router drops of every node incarnation so far, indexed by {@link DropReason#ordinal()}. */
  long[] routerDropCounts() {
    return routerCounts.drops(nodes);
  }
}
