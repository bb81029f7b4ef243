package dev.conifer.simulator;

import dev.conifer.router.DropReason;
import dev.conifer.router.SteppedRouter;
import java.util.List;

/**
 * Frame verdicts and router drops summed over every node incarnation: a stopped router's counts are
 * kept when it stops (its router is dropped), a live one's are read when asked.
 */
final class RouterCounts {
  private final VerdictTable stoppedVerdicts = new VerdictTable();
  private final long[] stoppedDrops = new long[DropReason.values().length];

  /** Keeps the counts of a router that is about to be dropped. */
  void keep(SteppedRouter router) {
    add(router, stoppedVerdicts, stoppedDrops);
  }

  /** Frame verdicts so far, by frame type. */
  VerdictTable verdicts(List<SimNode> nodes) {
    VerdictTable verdicts = new VerdictTable();
    verdicts.add(stoppedVerdicts);
    addLive(nodes, verdicts, new long[stoppedDrops.length]);
    return verdicts;
  }

  /** Router drops so far, indexed by {@link DropReason#ordinal()}. */
  long[] drops(List<SimNode> nodes) {
    long[] drops = stoppedDrops.clone();
    addLive(nodes, new VerdictTable(), drops);
    return drops;
  }

  private static void addLive(List<SimNode> nodes, VerdictTable verdicts, long[] drops) {
    for (SimNode n : nodes) {
      if (n.router != null) {
        add(n.router, verdicts, drops);
      }
    }
  }

  private static void add(SteppedRouter router, VerdictTable verdicts, long[] drops) {
    verdicts.add(router.snek().counters());
    for (DropReason reason : DropReason.values()) {
      drops[reason.ordinal()] += router.dropCount(reason);
    }
  }
}
