package dev.conifer.simulator;

import dev.conifer.simulator.report.Distribution;
import java.util.List;

/**
 * What a run measured. Probe statistics ("measured") cover probes sent from the first moment the
 * network was converged (from the start if it never was), so start-up does not blur them.
 */
public final class SimulationResult {
  final SimulationConfig config;
  final TimeSeries series;
  final List<ChurnEvent> events;
  final List<ProbeTracker.Probe> probes;
  final List<String> notes;
  final List<String> debugDumps;
  final int nodeCount;
  final int linkCount;
  final int liveNodeCount;
  final long firstConvergedNs;
  final long firstSettledNs;
  final boolean convergedAtEnd;
  final int rootCorrectAtEnd;
  final int snakeCorrectAtEnd;
  final int coordinatesCorrectAtEnd;
  final int componentsAtEnd;
  final Distribution routesAtEnd = new Distribution();
  final long eventCount;
  final long checkCount;
  final long framesSent;
  final long framesLost;
  final long framesDroppedOnDownLink;
  final long adversaryDrops;
  final long protocolDisconnects;
  final long malformed;
  final long readTimeouts;
  final long[] routerDrops;
  final long unreachablePairs;
  final long probeNoRoute;
  final long probeLoopDrops;
  final long verificationHits;
  final long verificationMisses;
  final int scenarioNoOps;
  final VerdictTable verdicts;
  final long probeMisdelivered;
  final long convergenceLossesWithoutEvent;
  final long convergenceLossesAfterSettling;
  final List<String> convergenceLosses;

  /** Idealised greedy-tree stretch over the pairs of the measured established flows. */
  final Distribution idealEstablishedStretch = new Distribution();

  /** Established-flow pairs the ideal is computed on at most (it costs a tree walk per hop). */
  static final int IDEAL_PAIRS_MAX = 20_000;

  /** Probes (of any kind) sent after the network settled that never arrived, with their paths. */
  final List<String> lostAfterConvergence = new java.util.ArrayList<>();

  private SimulationResult(Simulation sim) {
    this.config = sim.config;
    this.series = sim.series;
    this.events = List.copyOf(sim.monitor.events());
    this.probes = List.copyOf(sim.probes.measured());
    this.notes = List.copyOf(sim.notes);
    this.debugDumps = List.copyOf(sim.debugDumps);
    sim.monitor.markDirty();
    sim.monitor.check(sim.network.nodes, sim.network.topologyVersion, sim.clock.nowNs());
    this.nodeCount = sim.network.nodes.size();
    this.linkCount = sim.network.links.size();
    this.liveNodeCount = sim.monitor.liveCount;
    this.firstConvergedNs = sim.monitor.firstConvergedNs();
    this.firstSettledNs = sim.monitor.firstSettledNs();
    this.convergedAtEnd = sim.monitor.converged();
    this.rootCorrectAtEnd = sim.monitor.rootCorrectCount;
    this.snakeCorrectAtEnd = sim.monitor.snakeCorrectCount;
    this.coordinatesCorrectAtEnd = CoordinatesChecker.countCorrect(sim.network.nodes);
    this.componentsAtEnd = sim.monitor.componentCount;
    for (SimNode n : sim.network.nodes) {
      if (n.isAlive()) {
        routesAtEnd.add(n.snek.routeCount());
      }
    }
    this.eventCount = sim.processedCount();
    this.checkCount = sim.monitor.checkCount();
    this.framesSent = sim.network.total(p -> p.framesSentCount);
    this.framesLost = sim.network.total(p -> p.framesLostCount);
    this.framesDroppedOnDownLink = sim.network.total(p -> p.framesDroppedOnDownLinkCount);
    this.adversaryDrops = sim.network.total(p -> p.adversaryDropCount);
    this.protocolDisconnects = sim.network.total(p -> p.protocolDisconnectCount);
    this.readTimeouts = sim.network.total(p -> p.readTimeoutCount);
    this.routerDrops = sim.network.routerDropCounts();
    this.unreachablePairs = sim.probes.unreachablePairCount();
    this.probeNoRoute = sim.probes.noRouteCount();
    this.probeLoopDrops = sim.probes.loopDropCount();
    this.verificationHits = sim.verificationCounts()[0];
    this.verificationMisses = sim.verificationCounts()[1];
    this.scenarioNoOps = sim.scenarioNoOpCount;
    this.verdicts = sim.network.verdictCounts();
    this.malformed = verdicts.total(dev.conifer.snek.FrameVerdict.MALFORMED);
    this.probeMisdelivered = sim.probes.misdeliveredCount();
    this.convergenceLossesWithoutEvent = sim.monitor.lossesWithoutEvent();
    this.convergenceLossesAfterSettling = sim.monitor.lossesAfterSettling();
    this.convergenceLosses = List.copyOf(sim.monitor.lossDescriptions());
    for (ProbeTracker.Probe p : probes) {
      if (p.sentNs >= measureFromNs() && !p.delivered(config.probeTimeoutNs())) {
        lostAfterConvergence.add(p.describe(sim.network.nodes));
      }
    }
    IdealTreeStretch ideal = IdealTreeStretch.of(sim.network.nodes);
    for (ProbeTracker.Probe p : probes) {
      if (idealEstablishedStretch.count() == IDEAL_PAIRS_MAX) {
        break;
      }
      if (isMeasuredEstablished(p)) {
        int hops = ideal.greedyHops(p.source, p.destination);
        if (hops > 0) {
          idealEstablishedStretch.add((double) hops / p.shortestHops);
        }
      }
    }
  }

  private boolean isMeasuredEstablished(ProbeTracker.Probe p) {
    return p.kind == ProbeTracker.Kind.ESTABLISHED
        && p.treeRouted
        && p.sentNs >= measureFromNs()
        && p.delivered(config.probeTimeoutNs());
  }

  /**
   * Idealised greedy tree routing over a breadth-first tree on the same graph and pairs as {@link
   * #establishedStretch()} (at most {@link #IDEAL_PAIRS_MAX} pairs, links up at the end).
   */
  public Distribution idealEstablishedStretch() {
    return idealEstablishedStretch;
  }

  static SimulationResult of(Simulation sim) {
    return new SimulationResult(sim);
  }

  /**
   * Measured probes (first, reply or established) that were lost, with the nodes that sent each on.
   */
  public List<String> lostAfterConvergence() {
    return lostAfterConvergence;
  }

  /** Times the network stopped being converged with no event to explain it. */
  public long convergenceLossesWithoutEvent() {
    return convergenceLossesWithoutEvent;
  }

  /** Of {@link #convergenceLossesWithoutEvent}, those after the network first settled. */
  public long convergenceLossesAfterSettling() {
    return convergenceLossesAfterSettling;
  }

  /** The first losses of convergence with no event: when, and which node broke which invariant. */
  public List<String> convergenceLosses() {
    return convergenceLosses;
  }

  public SimulationConfig config() {
    return config;
  }

  public TimeSeries series() {
    return series;
  }

  public List<ChurnEvent> events() {
    return events;
  }

  public List<ProbeTracker.Probe> probes() {
    return probes;
  }

  /** Things worth telling the user (scenario no-ops, Debug dumps written…), in time order. */
  public List<String> notes() {
    return notes;
  }

  public List<String> debugDumps() {
    return debugDumps;
  }

  public long eventCount() {
    return eventCount;
  }

  public int nodeCount() {
    return nodeCount;
  }

  /** First check after the network had stayed converged for a route lifetime, or NEVER. */
  public long firstSettledNs() {
    return firstSettledNs;
  }

  public long firstConvergedNs() {
    return firstConvergedNs;
  }

  public boolean convergedAtEnd() {
    return convergedAtEnd;
  }

  public int liveNodeCount() {
    return liveNodeCount;
  }

  public int coordinatesCorrectAtEnd() {
    return coordinatesCorrectAtEnd;
  }

  /** Probes count from here: the network settled, else first converged, else the start. */
  public long measureFromNs() {
    if (firstSettledNs != ConvergenceMonitor.NEVER) {
      return firstSettledNs;
    }
    return firstConvergedNs == ConvergenceMonitor.NEVER ? 0 : firstConvergedNs;
  }

  /**
   * Where {@link #measureFromNs()} starts, for people: "settling at 63.0 s", "first convergence at
   * 27.0 s (it did not settle)", or "the start (the network never converged)".
   */
  public String measureFromText() {
    if (firstSettledNs != ConvergenceMonitor.NEVER) {
      return String.format(java.util.Locale.ROOT, "settling at %.1f s", firstSettledNs / 1e9);
    }
    if (firstConvergedNs != ConvergenceMonitor.NEVER) {
      return String.format(
          java.util.Locale.ROOT,
          "first convergence at %.1f s (it did not settle)",
          firstConvergedNs / 1e9);
    }
    return "the start (the network never converged)";
  }

  /** First probes sent at or after {@code fromNs}: {sent, delivered}. */
  public long[] delivery(long fromNs) {
    long sent = 0;
    long delivered = 0;
    for (ProbeTracker.Probe p : probes) {
      if (p.kind == ProbeTracker.Kind.FIRST && p.sentNs >= fromNs) {
        sent++;
        if (p.delivered(config.probeTimeoutNs())) {
          delivered++;
        }
      }
    }
    return new long[] {sent, delivered};
  }

  /** Delivery ratio over measured first probes (NaN if none were sent). */
  public double deliveryRatio() {
    long[] d = delivery(measureFromNs());
    return d[0] == 0 ? Double.NaN : (double) d[1] / d[0];
  }

  /** Stretch of measured probes that left their source snake-routed ({@code tree} false). */
  public Distribution stretch(ProbeTracker.Kind kind, boolean tree) {
    Distribution d = new Distribution();
    long from = measureFromNs();
    for (ProbeTracker.Probe p : probes) {
      if (p.kind == kind
          && p.treeRouted == tree
          && p.sentNs >= from
          && p.delivered(config.probeTimeoutNs())) {
        d.add(p.stretch());
      }
    }
    return d;
  }

  /** Snake-routed first packets. */
  public Distribution firstPacketStretch() {
    return stretch(ProbeTracker.Kind.FIRST, false);
  }

  /** Tree-routed packets of established flows. */
  public Distribution establishedStretch() {
    return stretch(ProbeTracker.Kind.ESTABLISHED, true);
  }

  public Distribution recoveryTimes() {
    Distribution d = new Distribution();
    for (ChurnEvent e : events) {
      if (e.recoveryNs >= 0) {
        d.add(e.recoveryNs / 1e9);
      }
    }
    return d;
  }

  /** The JSON summary line; byte-identical for the same config and seed. */
  public String summaryJson() {
    return SummaryJson.of(this);
  }
}
