package dev.conifer.simulator;

import dev.conifer.router.SteppedRouter;
import dev.conifer.simulator.model.AdversaryFilter;
import dev.conifer.simulator.model.SimRandom;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One simulated node: a name, a key derived from the run seed, and (while it is alive) one router
 * with its snek state machine. A crash throws the router away; a rejoin builds a new one with the
 * same key, as a restarted process would.
 */
public final class SimNode {
  public static final int NO_PORT = -1;

  final int index;
  final String name;
  final Signer signer;
  final PublicKey key;
  final boolean adversary;
  final long nodeSeed;
  final List<SimLink> links = new ArrayList<>();

  SteppedRouter router;

  /** The router's SNEK node, read by the checkers; null while crashed or removed. */
  SnekNode snek;

  /** The partition (and so the thread) that runs this node's events. */
  Partition partition;

  /** This node's loss and jitter draws, made when first needed. */
  SimRandom frameRandom;

  /** The next sequence number of this node's probe ids ({@link ProbeTracker}). */
  long nextProbeSeq;

  /** The next sequence number of this node's event order keys ({@link EventOrder}). */
  long nextOrderSeq;

  int incarnation;
  boolean removed;
  long timerNs = SteppedRouter.NO_DEADLINE;
  AdversaryFilter filter;
  private SimLink[] portLinks = new SimLink[8];

  SimNode(int index, String name, Signer signer, boolean adversary, long nodeSeed) {
    this.index = index;
    this.name = name;
    this.signer = signer;
    this.key = signer.publicKey();
    this.adversary = adversary;
    this.nodeSeed = nodeSeed;
  }

  public String name() {
    return name;
  }

  public int index() {
    return index;
  }

  public PublicKey key() {
    return key;
  }

  public boolean isAdversary() {
    return adversary;
  }

  /** True while the node runs (not crashed, not removed). */
  public boolean isAlive() {
    return snek != null;
  }

  /** The running state machine, or null while crashed or removed. */
  public SnekNode snek() {
    return snek;
  }

  public List<SimLink> links() {
    return links;
  }

  /** The link on {@code port}, or null. */
  public SimLink linkAt(int port) {
    return port > 0 && port < portLinks.length ? portLinks[port] : null;
  }

  /** Records that the router attached {@code link} on {@code port}. */
  void setPortLink(int port, SimLink link) {
    if (port >= portLinks.length) {
      portLinks = Arrays.copyOf(portLinks, Math.max(port + 1, portLinks.length * 2));
    }
    portLinks[port] = link;
  }

  void freePort(int port) {
    if (port > 0 && port < portLinks.length) {
      portLinks[port] = null;
    }
  }

  void clearPorts() {
    Arrays.fill(portLinks, null);
  }

  @Override
  public String toString() {
    return name;
  }
}
