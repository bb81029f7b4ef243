package dev.conifer.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Tracks whether the network is converged: every live node agrees on its component's root ({@link
 * RootAgreementChecker}) and has the right descending neighbour ({@link SnakeChecker}). Checks run
 * on a fixed virtual-time tick, and only when something changed since the last one, so their
 * resolution is the tick. Recovery time of a churn event is the time from the event to the first
 * converged check after it.
 */
public final class ConvergenceMonitor {
  public static final long NEVER = -1;

  private final List<ChurnEvent> events = new ArrayList<>();
  private int firstOpenEvent;
  private boolean dirty = true;
  private long firstConvergedNs = NEVER;
  private long checkCount;

  int liveCount;
  int componentCount;
  int rootCorrectCount;
  int snakeCorrectCount;
  boolean converged;

  void markDirty() {
    dirty = true;
  }

  void recordEvent(long nowNs, String kind, String detail) {
    events.add(new ChurnEvent(nowNs, kind, detail));
    dirty = true;
  }

  /** Re-checks the invariants if anything changed since the last check. */
  void check(List<SimNode> nodes, long nowNs) {
    if (!dirty) {
      return;
    }
    dirty = false;
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
    snakeCorrectCount = SnakeChecker.countCorrect(nodes, components);
    converged = rootCorrectCount == live && snakeCorrectCount == live;
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

  public long firstConvergedNs() {
    return firstConvergedNs;
  }

  public boolean converged() {
    return converged;
  }

  public List<ChurnEvent> events() {
    return events;
  }

  public long checkCount() {
    return checkCount;
  }
}
