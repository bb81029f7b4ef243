package dev.conifer.simulator;

import dev.conifer.simulator.model.SimRandom;
import dev.conifer.simulator.scenario.ChurnSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link ChurnSpec}s into events: Poisson link flaps and node crashes (each undone after its
 * down time), and one-off partitions with their heal. Every draw comes from the churn stream of the
 * run seed.
 */
final class ChurnDriver {
  private final Simulation sim;
  private final SimRandom random;

  ChurnDriver(Simulation sim, SimRandom random) {
    this.sim = sim;
    this.random = random;
  }

  void schedule(List<ChurnSpec> specs) {
    long duration = sim.config.durationNs();
    for (ChurnSpec spec : specs) {
      switch (spec.kind()) {
        case FLAP, CRASH -> {
          long start = spec.effectiveStartNs(duration);
          long stop = spec.effectiveStopNs(duration);
          if (stop <= start || start >= duration) {
            throw new IllegalArgumentException(
                "churn "
                    + spec.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + ": its window "
                    + Durations.seconds(start)
                    + "–"
                    + Durations.seconds(stop)
                    + " s is empty within the run");
          }
          scheduleNext(spec, start, stop);
        }
        case PARTITION -> {
          if (spec.atNs() >= duration) {
            throw new IllegalArgumentException("churn partition: at= is after the end of the run");
          }
          schedulePartition(spec);
        }
      }
    }
  }

  private void scheduleNext(ChurnSpec spec, long fromNs, long stopNs) {
    long gap = Math.round(random.nextExponential(1e9 / spec.ratePerSecond()));
    long at = fromNs + Math.max(1, gap);
    if (at >= stopNs) {
      return;
    }
    at(
        at,
        () -> {
          if (spec.kind() == ChurnSpec.Kind.FLAP) {
            flap(spec.downNs());
          } else {
            crash(spec.downNs());
          }
          scheduleNext(spec, sim.clock.nowNs(), stopNs);
        });
  }

  private void flap(long downNs) {
    List<SimLink> candidates = new ArrayList<>();
    for (SimLink link : sim.network.links) {
      if (link.downReasons == 0 && link.isUp()) {
        candidates.add(link);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    SimLink link = candidates.get(random.nextInt(candidates.size()));
    sim.network.setDown(link, SimLink.DOWN_FLAP, true, false);
    sim.monitor.recordEvent(sim.clock.nowNs(), "flap-down", link.toString());
    at(
        sim.clock.nowNs() + downNs,
        () -> {
          sim.network.setDown(link, SimLink.DOWN_FLAP, false, false);
          sim.monitor.recordEvent(sim.clock.nowNs(), "flap-up", link.toString());
        });
  }

  private void crash(long downNs) {
    List<SimNode> candidates = new ArrayList<>();
    for (SimNode n : sim.network.nodes) {
      if (n.isAlive()) {
        candidates.add(n);
      }
    }
    if (candidates.size() < 2) {
      return;
    }
    SimNode node = candidates.get(random.nextInt(candidates.size()));
    sim.network.stop(node, false);
    sim.monitor.recordEvent(sim.clock.nowNs(), "crash", node.name);
    at(
        sim.clock.nowNs() + downNs,
        () -> {
          if (!node.removed && !node.isAlive()) {
            sim.startNode(node);
            sim.monitor.recordEvent(sim.clock.nowNs(), "rejoin", node.name);
          }
        });
  }

  private void schedulePartition(ChurnSpec spec) {
    List<SimLink> cut = new ArrayList<>();
    at(
        spec.atNs(),
        () -> {
          boolean[] inside = region(spec.fraction());
          for (SimLink link : sim.network.links) {
            if (inside[link.a.index] != inside[link.b.index]) {
              cut.add(link);
              sim.network.setDown(link, SimLink.DOWN_PARTITION, true, false);
            }
          }
          sim.monitor.recordEvent(sim.clock.nowNs(), "partition", cut.size() + " links cut");
        });
    at(
        spec.healNs(),
        () -> {
          for (SimLink link : cut) {
            sim.network.setDown(link, SimLink.DOWN_PARTITION, false, false);
          }
          sim.monitor.recordEvent(sim.clock.nowNs(), "heal", cut.size() + " links restored");
        });
  }

  /** A connected region of about {@code fraction} of the live nodes, grown breadth-first. */
  private boolean[] region(double fraction) {
    List<SimNode> nodes = sim.network.nodes;
    boolean[] inside = new boolean[nodes.size()];
    List<SimNode> live = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n.isAlive()) {
        live.add(n);
      }
    }
    if (live.isEmpty()) {
      return inside;
    }
    int target = (int) Math.max(1, Math.round(fraction * live.size()));
    int[] queue = new int[nodes.size()];
    int head = 0;
    int tail = 0;
    SimNode start = live.get(random.nextInt(live.size()));
    inside[start.index] = true;
    queue[tail++] = start.index;
    int count = 1;
    while (head < tail && count < target) {
      SimNode n = nodes.get(queue[head++]);
      for (SimLink link : n.links) {
        SimNode o = link.other(n);
        if (count < target && link.isUp() && !inside[o.index]) {
          inside[o.index] = true;
          queue[tail++] = o.index;
          count++;
        }
      }
    }
    return inside;
  }

  private void at(long timeNs, Runnable action) {
    sim.queue.schedule(
        timeNs,
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            action.run();
          }
        });
  }
}
