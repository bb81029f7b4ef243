package dev.conifer.simulator;

import dev.conifer.simulator.model.AdversaryFilter;
import dev.conifer.simulator.model.MemoizingSigner;
import dev.conifer.simulator.model.ModelSignatures;
import dev.conifer.simulator.model.SignatureLedger;
import dev.conifer.simulator.model.SimRandom;
import dev.conifer.simulator.topology.Topology;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.VerificationCache;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * One deterministic run: builds the network from the config, plays the scenario and churn, probes
 * delivery, watches convergence, and returns the measurements. Virtual time only. With several
 * threads the nodes are split into partitions run in parallel by time windows ({@link
 * WindowedEngine}); the result is the same, byte for byte, as with one.
 */
public final class Simulation implements NetworkObserver {
  /** Called now and then with how far the run has got (for progress bars). */
  public interface ProgressListener {
    void onProgress(long virtualNs, long durationNs, long eventCount);
  }

  private static final int SHARED_CACHE_CAPACITY = 1 << 20;
  private static final int NODE_CACHE_CAPACITY = 4096;

  final SimulationConfig config;
  final SimClock clock = new SimClock();
  final EventQueue queue = new EventQueue(clock);
  final SimNetwork network;
  final ConvergenceMonitor monitor = new ConvergenceMonitor();
  final ProbeTracker probes;
  final TimeSeries series;
  final List<String> notes = new ArrayList<>();
  final List<String> debugDumps = new ArrayList<>();
  final Map<String, SimNode> byName = new LinkedHashMap<>();
  private final Map<Long, SimLink> linkByPair = new HashMap<>();
  private final Map<String, Integer> generationByName = new HashMap<>();
  private final SimRandom latencyRandom;
  private final VerificationCache sharedCache;
  private final SignatureLedger ledger;
  private final ModelSignatures modelSignatures;
  private final Partitions partitions;

  /** Runs the partitions in parallel; null with one thread. */
  private final WindowedEngine engine;

  int scenarioNoOpCount;

  private Simulation(SimulationConfig config, int threads, ThreadFactory threadFactory) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    if (threads > 1 && threadFactory == null) {
      throw new IllegalArgumentException("a run on several threads needs a thread factory");
    }
    if (threads > 1
        && (config.verification() == SimulationConfig.Verification.SHARED_CACHE
            || config.verification() == SimulationConfig.Verification.LEDGER)) {
      throw new IllegalArgumentException(
          "verification "
              + config.verification()
              + " shares one cache between nodes; a run on several threads needs MODEL or"
              + " PER_NODE_CACHE");
    }
    this.config = config;
    this.latencyRandom = SimRandom.stream(config.seed(), "latency");
    this.network =
        new SimNetwork(
            clock,
            queue,
            config.snekConfig(),
            config.liveness(),
            config.loss(),
            config.jitterNs(),
            config.seed(),
            this);
    this.probes = new ProbeTracker(network, SimRandom.stream(config.seed(), "probes"), threads);
    this.series = new TimeSeries(config.durationNs(), config.sampleIntervalNs());
    this.partitions = new Partitions(threads, clock, queue, series);
    network.partitions = partitions.all;
    this.engine =
        threads == 1
            ? null
            : new WindowedEngine(
                queue, clock, partitions.all, () -> network.minLatencyNs, threadFactory);
    this.sharedCache =
        config.verification() == SimulationConfig.Verification.SHARED_CACHE
            ? new VerificationCache(Ed25519.VERIFIER, SHARED_CACHE_CAPACITY)
            : null;
    this.ledger =
        config.verification() == SimulationConfig.Verification.LEDGER
            ? new SignatureLedger(Ed25519.VERIFIER, SHARED_CACHE_CAPACITY)
            : null;
    this.modelSignatures =
        config.verification() == SimulationConfig.Verification.MODEL ? new ModelSignatures() : null;
  }

  /** Runs {@code config} to the end and returns its measurements. */
  public static SimulationResult run(SimulationConfig config, ProgressListener progress) {
    return run(config, progress, 1, null);
  }

  /**
   * Runs {@code config} on {@code threads} threads, the caller's and {@code threads - 1} from
   * {@code threadFactory} (null for one thread); the result does not depend on how many.
   */
  public static SimulationResult run(
      SimulationConfig config,
      ProgressListener progress,
      int threads,
      ThreadFactory threadFactory) {
    return runToEnd(config, progress, threads, threadFactory).result();
  }

  /** Runs {@code config} to the end and returns the simulation itself, for inspection. */
  static Simulation runToEnd(SimulationConfig config, ProgressListener progress) {
    return runToEnd(config, progress, 1, null);
  }

  static Simulation runToEnd(
      SimulationConfig config,
      ProgressListener progress,
      int threads,
      ThreadFactory threadFactory) {
    Simulation sim = start(config, threads, threadFactory);
    try {
      long end = config.durationNs();
      long step = Math.max(end / 200, 100 * Durations.MILLISECOND_NS);
      for (long t = Math.min(step, end); ; t = Math.min(t + step, end)) {
        sim.advanceTo(t);
        if (progress != null) {
          progress.onProgress(t, end, sim.processedCount());
        }
        if (t == end) {
          break;
        }
      }
    } finally {
      sim.stopThreads();
    }
    return sim;
  }

  /** Builds the network and schedules everything, at virtual time 0. */
  static Simulation start(SimulationConfig config) {
    return start(config, 1, null);
  }

  static Simulation start(SimulationConfig config, int threads, ThreadFactory threadFactory) {
    Simulation sim = new Simulation(config, threads, threadFactory);
    try {
      ScenarioRunner scenario = new ScenarioRunner(sim, config.scenario());
      scenario.validate();
      sim.build();
      if (threads > 1 && sim.network.minLatencyNs < 1) {
        throw new IllegalArgumentException(
            "a run on several threads needs every link's latency above 0; latency "
                + config.latency()
                + " gave a link 0 ns");
      }
      scenario.schedule();
      new ChurnDriver(sim, SimRandom.stream(config.seed(), "churn")).schedule(config.churn());
      sim.schedulePeriodic();
      return sim;
    } catch (RuntimeException e) {
      sim.stopThreads();
      throw e;
    }
  }

  /** Runs every event up to {@code t}; fails if a router reported a bug. */
  void advanceTo(long t) {
    if (engine == null) {
      queue.runUntil(t);
    } else {
      engine.runUntil(t);
    }
    network.checkRouters();
  }

  /** Events run so far, on every thread. */
  long processedCount() {
    return engine == null ? queue.processedCount() : engine.processedCount();
  }

  void stopThreads() {
    if (engine != null) {
      engine.close();
    }
  }

  SimulationResult result() {
    partitions.mergeBytes();
    return SimulationResult.of(this);
  }

  private void build() {
    if (config.topology() != null) {
      Topology t = config.topology();
      List<SimNode> created = new ArrayList<>();
      for (int i = 0; i < t.nodeCount(); i++) {
        created.add(addNode(t.name(i), false));
      }
      for (int[] e : t.edges()) {
        connect(created.get(e[0]), created.get(e[1]));
      }
      partitions.assign(created); // by degree, so after the links
      for (SimNode n : created) {
        startNode(n);
      }
    }
  }

  private void schedulePeriodic() {
    long end = config.durationNs();
    every(
        config.checkIntervalNs(),
        config.checkIntervalNs(),
        end,
        now -> monitor.checkConverged(network.nodes, network.topologyVersion, now));
    every(config.sampleIntervalNs(), config.sampleIntervalNs(), end, this::sample);
    long lastRound = end - config.probeTimeoutNs();
    every(
        config.probeIntervalNs(),
        config.probeIntervalNs(),
        lastRound,
        now -> {
          probes.expire(now - 2 * config.probeTimeoutNs());
          probes.round(config.pairs());
        });
  }

  private void sample(long nowNs) {
    monitor.check(network.nodes, network.topologyVersion, nowNs);
    int bucket = (int) (nowNs / config.sampleIntervalNs()) - 1;
    if (nowNs % config.sampleIntervalNs() != 0) {
      bucket++;
    }
    if (bucket >= 0 && bucket < series.bucketCount()) {
      series.sample(bucket, network, monitor);
    }
  }

  /** Runs {@code action} at first, first + period, … up to and including {@code until}. */
  private void every(long first, long period, long until, java.util.function.LongConsumer action) {
    if (first > until) {
      return;
    }
    queue.schedule(
        first,
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            action.accept(nowNs);
            if (nowNs + period <= until) {
              queue.schedule(nowNs + period, this);
            } else if (nowNs < until && until == config.durationNs()) {
              queue.schedule(until, this); // always sample at the very end
            }
          }
        });
  }

  SimNode addNode(String name, boolean adversary) {
    int generation = generationByName.merge(name, 1, Integer::sum);
    SimRandom keyRandom = SimRandom.stream(config.seed(), "key:" + name + "#" + generation);
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    keyRandom.nextBytes(seed);
    Signer keys = Ed25519.signerFromSeed(seed);
    SimNode node =
        new SimNode(
            network.nodes.size(),
            name,
            modelSignatures != null
                ? modelSignatures.signer(keys.publicKey())
                : new MemoizingSigner(keys, ledger),
            adversary,
            keyRandom.nextLong());
    if (adversary) {
      node.filter = new AdversaryFilter();
    }
    if (node.index >= EventOrder.NODE_COUNT_MAX) {
      throw new IllegalArgumentException(
          "more than " + EventOrder.NODE_COUNT_MAX + " nodes in one run");
    }
    partitions.place(node);
    byName.put(name, node);
    return network.addNode(node);
  }

  void startNode(SimNode node) {
    Verifier verifier =
        modelSignatures != null
            ? modelSignatures
            : ledger != null
                ? ledger
                : sharedCache != null
                    ? sharedCache
                    : new VerificationCache(Ed25519.VERIFIER, NODE_CACHE_CAPACITY);
    network.start(node, verifier);
  }

  /** The link between two nodes, created (with a latency draw) if new. */
  SimLink connect(SimNode a, SimNode b) {
    long key = Topology.edgeKey(a.index, b.index);
    SimLink link = linkByPair.get(key);
    if (link == null) {
      link = network.addLink(a, b, config.latency().sampleNs(latencyRandom));
      linkByPair.put(key, link);
    }
    return link;
  }

  SimLink linkBetween(SimNode a, SimNode b) {
    return linkByPair.get(Topology.edgeKey(a.index, b.index));
  }

  void note(String message) {
    notes.add(String.format("[%.3fs] %s", clock.nowNs() / 1e9, message));
  }

  /**
   * {hits, misses} of the shared ledger or cache (zeros with per-node caches); for model
   * signatures, {accepted, rejected}.
   */
  long[] verificationCounts() {
    if (modelSignatures != null) {
      return new long[] {modelSignatures.acceptedCount(), modelSignatures.rejectedCount()};
    }
    if (ledger != null) {
      return new long[] {ledger.hitCount(), ledger.missCount()};
    }
    if (sharedCache != null) {
      return new long[] {sharedCache.hitCount(), sharedCache.missCount()};
    }
    return new long[2];
  }

  // NetworkObserver

  @Override
  public boolean onTransmit(SimNode from, FrameType type, byte[] frame, long nowNs) {
    from.partition.bytesByType[type.code()][series.bucketOf(nowNs)] += frame.length;
    return probes.onTransmit(from, type, frame);
  }

  @Override
  public void onDelivery(SimNode at, PublicKey source, byte[] payload, long nowNs) {
    probes.onDelivery(at, payload, nowNs);
  }

  @Override
  public void onStateChange(SimNode node) {
    monitor.markDirty();
  }
}
