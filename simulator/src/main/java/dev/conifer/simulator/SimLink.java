package dev.conifer.simulator;

import dev.conifer.simulator.model.LatencyModel;

/**
 * An undirected link between two simulated nodes, with a fixed one-way latency drawn from the run's
 * {@link LatencyModel}. The link is wanted up while {@link #downReasons} is zero; at most one
 * connection (a peering, with one port at each end) exists on it at a time. Frames in flight carry
 * the connection's {@link #epoch}, so a frame from a closed connection is never delivered.
 */
public final class SimLink {
  /** A link flap is holding the link down. */
  public static final int DOWN_FLAP = 1;

  /** A partition is cutting the link. */
  public static final int DOWN_PARTITION = 2;

  /** Endpoint a is crashed or removed. */
  public static final int DOWN_NODE_A = 4;

  /** Endpoint b is crashed or removed. */
  public static final int DOWN_NODE_B = 8;

  /** Removed by a RemovePeer command (or its node by RemoveNode). */
  public static final int DOWN_REMOVED = 16;

  /** Closed after a protocol error; redialled a second later. */
  public static final int DOWN_REDIAL = 32;

  final int index;
  final SimNode a;
  final SimNode b;
  final long latencyNs;

  int downReasons;
  int epoch;
  boolean connected;
  boolean silent;
  int portA = SimNode.NO_PORT;
  int portB = SimNode.NO_PORT;

  /** Latest scheduled arrival per direction: links are FIFO, like the TCP they stand for. */
  long lastArrivalScheduledAtA;

  long lastArrivalScheduledAtB;

  /** The two ends of the current (or last) connection, each attached to its node's router. */
  SimPeerLink endA;

  SimPeerLink endB;

  SimLink(int index, SimNode a, SimNode b, long latencyNs) {
    this.index = index;
    this.a = a;
    this.b = b;
    this.latencyNs = latencyNs;
  }

  SimPeerLink end(boolean atA) {
    return atA ? endA : endB;
  }

  void setPort(boolean atA, int port) {
    if (atA) {
      portA = port;
    } else {
      portB = port;
    }
  }

  public SimNode a() {
    return a;
  }

  public SimNode b() {
    return b;
  }

  public int downReasons() {
    return downReasons;
  }

  /** Up for routing purposes: wanted up and connected, and not silently failed. */
  public boolean isUp() {
    return downReasons == 0 && connected && !silent;
  }

  public boolean isConnected() {
    return connected;
  }

  public SimNode other(SimNode n) {
    return n == a ? b : a;
  }

  /** The port {@code n} uses for this link, or {@link SimNode#NO_PORT}. */
  public int portAt(SimNode n) {
    return n == a ? portA : portB;
  }

  @Override
  public String toString() {
    return a.name() + "–" + b.name();
  }
}
