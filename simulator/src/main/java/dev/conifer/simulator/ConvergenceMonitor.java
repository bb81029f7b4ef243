package dev.conifer.simulator;

import dev.conifer.snek.SnekConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks whether the network is converged: every live node agrees on its component's root ({@link
 * RootAgreementChecker}), has coordinates that are its parent's plus the port ({@link
 * CoordinatesChecker}, which tree routing needs) and has the right descending neighbour ({@link
 * SnakeChecker}, which SNEK routing needs). Checks run on a fixed virtual-time tick, so their
 * resolution is the tick. Recovery time of a churn event is the time from the event to the first
 * converged check after it.
 *
 * <p>What the state must be ({@link GroundTruth}) is recomputed only when the topology changed. A
 * check that needs no counts ({@link #checkConverged}) stops at the first wrong node, trying the
 * last one found wrong first: while a network is not converged, that is nearly always still wrong.
 */
public final class ConvergenceMonitor {
  public static final long NEVER = -1;

  private final List<ChurnEvent> events = new ArrayList<>();
  private int firstOpenEvent;
  private long firstConvergedNs = NEVER;
  private long checkCount;
  private int eventsAtLastCheck;
  private long convergedSinceNs = NEVER;
  private long firstSettledNs = NEVER;
  private long lossesWithoutEvent;
  private long lossesAfterSettling;
  private final List<String> lossDescriptions = new ArrayList<>();

  /** Losses described at most (the count goes on). */
  static final int LOSS_DESCRIPTIONS_MAX = 100;

  private GroundTruth truth;
  private long truthVersion;
  private int lastWrong;

  int liveCount;
  int componentCount;
  int rootCorrectCount;
  int snakeCorrectCount;
  int coordinatesCorrectCount;
  boolean converged;

  /** A node's state changed. Nothing to do: checks read the nodes themselves, on their tick. */
  void markDirty() {}

  void recordEvent(long nowNs, String kind, String detail) {
    events.add(new ChurnEvent(nowNs, kind, detail));
  }

  /**
   * Re-checks the invariants and counts the nodes that hold each. Every time, not only after a
   * state change: a routing-table entry expires with no event ({@link SnakeChecker}).
   *
   * @param topologyVersion the network's, which says whether the ground truth is still current
   */
  void check(List<SimNode> nodes, long topologyVersion, long nowNs) {
    GroundTruth t = truth(nodes, topologyVersion);
    liveCount = t.liveCount;
    componentCount = t.components.count();
    rootCorrectCount = RootAgreementChecker.countCorrect(nodes, t);
    snakeCorrectCount = SnakeChecker.countCorrect(nodes, t, nowNs);
    coordinatesCorrectCount = CoordinatesChecker.countCorrect(nodes);
    int live = liveCount;
    record(
        nowNs,
        rootCorrectCount == live && snakeCorrectCount == live && coordinatesCorrectCount == live);
  }

  /** Re-checks whether the network is converged, without counting (as {@link #check} decides). */
  void checkConverged(List<SimNode> nodes, long topologyVersion, long nowNs) {
    GroundTruth t = truth(nodes, topologyVersion);
    int count = nodes.size();
    int start = lastWrong < count ? lastWrong : 0;
    for (int i = 0; i < count; i++) {
      int index = (start + i) % count;
      SimNode n = nodes.get(index);
      if (n.isAlive() && !isRight(n, t, nowNs)) {
        lastWrong = index;
        assert !convergedFromScratch(nodes, nowNs) : "a node is wrong only by a stale truth";
        if (record(nowNs, false) && lossDescriptions.size() < LOSS_DESCRIPTIONS_MAX) {
          lossDescriptions.add(
              String.format(
                  java.util.Locale.ROOT,
                  "[%.3fs] convergence lost with no event%s: %s",
                  nowNs / 1e9,
                  firstSettledNs == NEVER ? " (before settling)" : "",
                  whyWrong(n, t, nowNs)));
        }
        return;
      }
    }
    assert convergedFromScratch(nodes, nowNs) : "the ground truth is stale: converged wrongly";
    record(nowNs, true);
  }

  /** The same answer from a freshly computed ground truth (checks the caching, under -ea). */
  private static boolean convergedFromScratch(List<SimNode> nodes, long nowNs) {
    GroundTruth fresh = GroundTruth.of(nodes);
    for (SimNode n : nodes) {
      if (n.isAlive() && !isRight(n, fresh, nowNs)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRight(SimNode n, GroundTruth truth, long nowNs) {
    return RootAgreementChecker.isRight(n, truth)
        && CoordinatesChecker.isRight(n)
        && SnakeChecker.isRight(n, truth, nowNs);
  }

  private GroundTruth truth(List<SimNode> nodes, long topologyVersion) {
    if (truth == null || truthVersion != topologyVersion) {
      truth = GroundTruth.of(nodes);
      truthVersion = topologyVersion;
    }
    return truth;
  }

  /**
   * Records one check's answer; true if it is a loss of convergence with no event to explain it.
   */
  private boolean record(long nowNs, boolean convergedNow) {
    checkCount++;
    boolean wasConverged = converged;
    converged = convergedNow;
    boolean lossWithoutEvent = wasConverged && !converged && events.size() == eventsAtLastCheck;
    if (lossWithoutEvent) {
      lossesWithoutEvent++; // nothing changed in the network, yet the routing state did
      if (firstSettledNs != NEVER) {
        lossesAfterSettling++;
      }
    }
    eventsAtLastCheck = events.size();
    if (!converged) {
      convergedSinceNs = NEVER;
    } else if (convergedSinceNs == NEVER) {
      convergedSinceNs = nowNs;
    }
    noteSettled(nowNs);
    if (converged) {
      if (firstConvergedNs == NEVER) {
        firstConvergedNs = nowNs;
      }
      for (int i = firstOpenEvent; i < events.size(); i++) {
        ChurnEvent e = events.get(i);
        if (e.timeNs() <= nowNs && e.recoveryNs == ChurnEvent.UNRECOVERED) {
          e.recoveryNs = nowNs - e.timeNs();
        }
      }
      firstOpenEvent = events.size();
    }
    return lossWithoutEvent;
  }

  /** Which invariant live node {@code n} breaks, and how. */
  static String whyWrong(SimNode n, GroundTruth truth, long nowNs) {
    if (!RootAgreementChecker.isRight(n, truth)) {
      return n.name + " has root " + n.snek.root().key() + ", not " + truth.rootKeyFor(n);
    }
    if (!CoordinatesChecker.isRight(n)) {
      return n.name + "'s coordinates " + n.snek.coordinates() + " do not extend its parent's";
    }
    SimNode predecessor = truth.predecessorOf(n);
    var descending = n.snek.descending();
    String has = descending == null ? "none" : descending.toString();
    if (predecessor != null && predecessor.key.equals(descending)) {
      return n.name
          + "'s descending neighbour "
          + predecessor.name
          + " is right but its route"
          + " has expired";
    }
    return n.name
        + "'s descending neighbour is "
        + has
        + ", not "
        + (predecessor == null ? "none" : predecessor.name + " " + predecessor.key);
  }

  /** Up to {@link #LOSS_DESCRIPTIONS_MAX} losses without event: when, which node, which check. */
  public List<String> lossDescriptions() {
    return lossDescriptions;
  }

  /**
   * Settled: converged without a break for one snake-route lifetime ({@link
   * SnekConfig#ROUTE_EXPIRY_NS}), so every snake route still in a table was installed by a
   * bootstrap sent while every node already had the right descending neighbour. Converged alone
   * does not imply that: routes laid before it still steer bootstraps and traffic for up to that
   * long.
   */
  private void noteSettled(long nowNs) {
    if (firstSettledNs == NEVER
        && convergedSinceNs != NEVER
        && nowNs - convergedSinceNs >= SnekConfig.ROUTE_EXPIRY_NS) {
      firstSettledNs = nowNs;
    }
  }

  public long firstSettledNs() {
    return firstSettledNs;
  }

  public long firstConvergedNs() {
    return firstConvergedNs;
  }

  public boolean converged() {
    return converged;
  }

  public List<ChurnEvent> events() {
    return events;
  }

  /** Times a converged network stopped being so with no churn or scenario event in between. */
  public long lossesWithoutEvent() {
    return lossesWithoutEvent;
  }

  /**
   * The {@link #lossesWithoutEvent} after the network first settled: none is expected, as every
   * route left then was laid while the network was converged.
   */
  public long lossesAfterSettling() {
    return lossesAfterSettling;
  }

  public long checkCount() {
    return checkCount;
  }
}
