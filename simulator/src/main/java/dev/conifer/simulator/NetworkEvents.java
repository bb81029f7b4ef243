package dev.conifer.simulator;

import dev.conifer.snek.SnekNode;

/** The network's own events: a node's timer, and a peering a node asked to close. */
final class NetworkEvents {
  private NetworkEvents() {}

  /** A node asked to close a peering: close it, and redial it a second later if still wanted. */
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
      network.observer.onStateChange(null, null);
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
      if (node.incarnation != incarnation || node.snek == null || node.timerNs != nowNs) {
        return;
      }
      node.timerNs = SnekNode.NO_DEADLINE;
      node.snek.handleTimeout(nowNs);
      network.drain(node);
    }
  }
}
