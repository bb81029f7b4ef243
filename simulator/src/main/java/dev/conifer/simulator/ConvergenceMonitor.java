package dev.conifer.simulator;

import dev.conifer.snek.SnekConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks whether the network is converged: every live node agrees on its component's root ({@link
 * RootAgreementChecker}), has coordinates that are its parent's plus the port ({@link
 * CoordinatesChecker}, which tree routing needs) and has the right descending neighbour ({@link
 * SnakeChecker}, which SNEK routing needs). Checks run on a fixed virtual-time tick, and only when
 * something changed since the last one, so their resolution is the tick. Recovery time of a churn
 * event is the time from the event to the first converged check after it.
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

  int liveCount;
  int componentCount;
  int rootCorrectCount;
  int snakeCorrectCount;
  int coordinatesCorrectCount;
  boolean converged;

  /** A node's state changed. Nothing to do: every check looks at every node. */
  void markDirty() {}

  void recordEvent(long nowNs, String kind, String detail) {
    events.add(new ChurnEvent(nowNs, kind, detail));
  }

  /**
   * Re-checks the invariants. Every time, not only after a state change: a routing-table entry
   * expires with no event ({@link SnakeChecker}).
   */
  void check(List<SimNode> nodes, long nowNs) {
    checkCount++;
    Components components = Components.of(nodes);
    int live = 0;
    for (SimNode n : nodes) {
      if (n.isAlive()) {
        live++;
      }
    }
    liveCount = live;
    componentCount = components.count();
    rootCorrectCount = RootAgreementChecker.countCorrect(nodes, components);
    snakeCorrectCount = SnakeChecker.countCorrect(nodes, components, nowNs);
    coordinatesCorrectCount = CoordinatesChecker.countCorrect(nodes);
    boolean wasConverged = converged;
    converged =
        rootCorrectCount == live && snakeCorrectCount == live && coordinatesCorrectCount == live;
    if (wasConverged && !converged && events.size() == eventsAtLastCheck) {
      lossesWithoutEvent++; // nothing changed in the network, yet the routing state did
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

  public long checkCount() {
    return checkCount;
  }
}
