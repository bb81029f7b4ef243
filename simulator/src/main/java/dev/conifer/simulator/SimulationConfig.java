package dev.conifer.simulator;

import dev.conifer.simulator.model.LatencyModel;
import dev.conifer.simulator.scenario.ChurnSpec;
import dev.conifer.simulator.scenario.ScenarioCommand;
import dev.conifer.simulator.topology.Topology;
import dev.conifer.snek.SnekConfig;
import java.util.List;

/**
 * Everything that defines a run. The same config and seed give a byte-identical summary.
 *
 * @param topology the starting graph, or null to start empty (a scenario then adds nodes)
 * @param topologyLabel how the summary names the topology (a file name or a generator spec)
 * @param scenario Pinecone event-sequence commands, run from time 0
 * @param churn churn models
 * @param pairs probe pairs per round
 * @param probeIntervalNs time between probe rounds
 * @param probeTimeoutNs a probe that takes longer counts as lost (Pinecone: 5 s)
 * @param sampleIntervalNs width of one time-series bucket
 * @param checkIntervalNs how often convergence is re-checked (its resolution)
 * @param latency per-link one-way latency distribution
 * @param jitterNs per-frame extra delay, uniform in [0, jitter] (links stay FIFO)
 * @param loss per-frame loss probability
 * @param verification how nodes check signatures (all exact; they differ only in speed)
 */
public record SimulationConfig(
    Topology topology,
    String topologyLabel,
    List<ScenarioCommand> scenario,
    long seed,
    long durationNs,
    List<ChurnSpec> churn,
    int pairs,
    long probeIntervalNs,
    long probeTimeoutNs,
    long sampleIntervalNs,
    long checkIntervalNs,
    LatencyModel latency,
    long jitterNs,
    double loss,
    SimNetwork.Liveness liveness,
    Verification verification,
    SnekConfig snekConfig) {

  /**
   * How simulated nodes verify Ed25519 signatures. Every mode gives the same verdicts (so the same
   * run); they differ only in cost.
   */
  public enum Verification {
    /**
     * Simulator-only signatures, a keyed hash checked by recomputing it ({@code ModelSignatures}):
     * the same accept/reject answers as Ed25519 for every honest frame, without the curve
     * arithmetic.
     */
    MODEL,
    /** Signatures made by simulated signers are looked up; anything else is verified. */
    LEDGER,
    /** One cache of verified signatures shared by all nodes. */
    SHARED_CACHE,
    /** One cache per node, as a daemon would have. */
    PER_NODE_CACHE
  }

  public SimulationConfig {
    java.util.Objects.requireNonNull(verification, "verification");
    scenario = List.copyOf(scenario);
    churn = List.copyOf(churn);
    if (durationNs <= 0) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (pairs < 0) {
      throw new IllegalArgumentException("pairs must not be negative: " + pairs);
    }
    if (probeIntervalNs <= 0 || sampleIntervalNs <= 0 || checkIntervalNs <= 0) {
      throw new IllegalArgumentException("intervals must be positive");
    }
    if (!(loss >= 0 && loss < 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
    }
    if (jitterNs < 0) {
      throw new IllegalArgumentException("jitter must not be negative");
    }
    if (durationNs / sampleIntervalNs > 10_000_000) {
      throw new IllegalArgumentException("too many samples: raise the sample interval");
    }
  }

  /** Defaults for a topology: 60 s, 100 pairs a second, instant liveness, 1–10 ms links. */
  public static SimulationConfig defaults(Topology topology, String label) {
    return new SimulationConfig(
        topology,
        label,
        List.of(),
        1,
        60 * Durations.SECOND_NS,
        List.of(),
        100,
        Durations.SECOND_NS,
        5 * Durations.SECOND_NS,
        Durations.SECOND_NS,
        100 * Durations.MILLISECOND_NS,
        new LatencyModel(
            LatencyModel.Kind.UNIFORM, Durations.MILLISECOND_NS, 10 * Durations.MILLISECOND_NS),
        0,
        0,
        SimNetwork.Liveness.INSTANT,
        Verification.MODEL,
        SnekConfig.defaults());
  }

  public SimulationConfig withSeed(long s) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        s,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withDuration(long ns) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        ns,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withScenario(List<ScenarioCommand> commands) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        commands,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withChurn(List<ChurnSpec> specs) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        specs,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withProbes(int pairCount, long intervalNs) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairCount,
        intervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withIntervals(long sampleNs, long checkNs) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleNs,
        checkNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withLinks(LatencyModel model, long jitter, double lossProbability) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        model,
        jitter,
        lossProbability,
        liveness,
        verification,
        snekConfig);
  }

  public SimulationConfig withLiveness(SimNetwork.Liveness mode) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        mode,
        verification,
        snekConfig);
  }

  public SimulationConfig withVerification(Verification mode) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        mode,
        snekConfig);
  }

  public SimulationConfig withSnekConfig(SnekConfig config) {
    return new SimulationConfig(
        topology,
        topologyLabel,
        scenario,
        seed,
        durationNs,
        churn,
        pairs,
        probeIntervalNs,
        probeTimeoutNs,
        sampleIntervalNs,
        checkIntervalNs,
        latency,
        jitterNs,
        loss,
        liveness,
        verification,
        config);
  }

  /** Virtual time the scenario's Delays add up to. */
  public long scenarioLengthNs() {
    long total = 0;
    for (ScenarioCommand c : scenario) {
      if (c instanceof ScenarioCommand.Delay d) {
        total += d.lengthNs();
      }
    }
    return total;
  }
}
