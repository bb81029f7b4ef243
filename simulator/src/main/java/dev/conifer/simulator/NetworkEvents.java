package dev.conifer.simulator;

import dev.conifer.router.SteppedRouter;
import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;

/** The network's own events: a frame's arrival, a node's timer, and peerings that ended. */
final class NetworkEvents {
  private NetworkEvents() {}

  /** A frame reaches the far end of its link, unless the connection it was sent on is gone. */
  static final class FrameArrival extends EventQueue.Event {
    private final SimNetwork network;
    private final SimPeerLink to;
    private final FrameType type;
    private final byte[] frame;

    FrameArrival(SimNetwork network, SimPeerLink to, FrameType type, byte[] frame) {
      this.network = network;
      this.to = to;
      this.type = type;
      this.frame = frame;
    }

    @Override
    protected void run(long nowNs) {
      SimLink link = to.link;
      SimNode node = to.node();
      if (link.epoch != to.epoch || link.silent || to.closed || node.router == null) {
        node.partition.framesDroppedOnDownLinkCount++;
        return;
      }
      if (node.filter != null && node.filter.drop(link.other(node).name, type)) {
        node.partition.adversaryDropCount++;
        return;
      }
      node.router.input().frame(nowNs, to.port, to.generation, ByteBuffer.wrap(frame));
      network.afterInput(node);
    }
  }

  /**
   * A router closed a live peering: the other end sees the hang-up, and the link is redialled a
   * second later if still wanted.
   */
  static final class Disconnect extends EventQueue.Event {
    private final SimNetwork network;
    private final SimLink link;
    private final int epoch;

    Disconnect(SimNetwork network, SimLink link, int epoch) {
      this.network = network;
      this.link = link;
      this.epoch = epoch;
    }

    @Override
    protected void run(long nowNs) {
      if (link.epoch != epoch || !link.connected) {
        return;
      }
      link.downReasons |= SimLink.DOWN_REDIAL;
      network.closeConnection(link);
      network.observer.onStateChange(null);
      network.queue.schedule(
          nowNs + Durations.SECOND_NS,
          new EventQueue.Event() {
            @Override
            protected void run(long now) {
              network.setDown(link, SimLink.DOWN_REDIAL, false, false);
            }
          });
    }
  }

  /** A router of a silently failed link gave up on it: once both have, the connection is gone. */
  static final class SilentLinkGone extends EventQueue.Event {
    private final SimNetwork network;
    private final SimLink link;
    private final int epoch;

    SilentLinkGone(SimNetwork network, SimLink link, int epoch) {
      this.network = network;
      this.link = link;
      this.epoch = epoch;
    }

    @Override
    protected void run(long nowNs) {
      // Each end schedules one of these when it gives up; the one that finds both gone acts.
      if (link.epoch != epoch
          || !link.silent
          || link.portA != SimNode.NO_PORT
          || link.portB != SimNode.NO_PORT) {
        return;
      }
      link.epoch++;
      link.connected = false;
      link.silent = false;
      network.reconcile(link, false);
      network.observer.onStateChange(null);
    }
  }

  /** A router's next deadline: it runs its timers and writes. */
  static final class NodeTimer extends EventQueue.Event {
    private final SimNetwork network;
    private final SimNode node;
    private final int incarnation;

    NodeTimer(SimNetwork network, SimNode node, int incarnation) {
      this.network = network;
      this.node = node;
      this.incarnation = incarnation;
    }

    @Override
    protected void run(long nowNs) {
      if (node.incarnation != incarnation || node.router == null || node.timerNs != nowNs) {
        return;
      }
      node.timerNs = SteppedRouter.NO_DEADLINE;
      network.afterInput(node);
    }
  }
}
