package dev.conifer.simulator;

import dev.conifer.router.DropReason;
import dev.conifer.router.SteppedRouter;
import dev.conifer.snek.FrameVerdict;
import java.util.List;

/**
 * Frame verdicts and router drops summed over every node incarnation: a stopped router's counts are
 * kept when it stops (its router is dropped), a live one's are read when asked.
 */
final class RouterCounts {
  private final long[] stoppedVerdicts = new long[FrameVerdict.values().length];
  private final long[] stoppedDrops = new long[DropReason.values().length];

  /** Keeps the counts of a router that is about to be dropped. */
  void keep(SteppedRouter router) {
    add(router, stoppedVerdicts, stoppedDrops);
  }

  /** Frame verdicts so far, indexed by {@link FrameVerdict#ordinal()}. */
  long[] verdicts(List<SimNode> nodes) {
    long[] verdicts = stoppedVerdicts.clone();
    addLive(nodes, verdicts, new long[stoppedDrops.length]);
    return verdicts;
  }

  /** Router drops so far, indexed by {@link DropReason#ordinal()}. */
  long[] drops(List<SimNode> nodes) {
    long[] drops = stoppedDrops.clone();
    addLive(nodes, new long[stoppedVerdicts.length], drops);
    return drops;
  }

  private static void addLive(List<SimNode> nodes, long[] verdicts, long[] drops) {
    for (SimNode n : nodes) {
      if (n.router != null) {
        add(n.router, verdicts, drops);
      }
    }
  }

  private static void add(SteppedRouter router, long[] verdicts, long[] drops) {
    for (FrameVerdict v : FrameVerdict.values()) {
      verdicts[v.ordinal()] += router.snek().counters().verdicts(v);
    }
    for (DropReason reason : DropReason.values()) {
      drops[reason.ordinal()] += router.dropCount(reason);
    }
  }
}
