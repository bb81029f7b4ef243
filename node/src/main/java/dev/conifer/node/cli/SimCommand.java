package dev.conifer.node.cli;

import dev.conifer.node.UserException;
import dev.conifer.simulator.Durations;
import dev.conifer.simulator.SimNetwork;
import dev.conifer.simulator.Simulation;
import dev.conifer.simulator.SimulationConfig;
import dev.conifer.simulator.SimulationOutputs;
import dev.conifer.simulator.SimulationResult;
import dev.conifer.simulator.model.LatencyModel;
import dev.conifer.simulator.scenario.ChurnSpec;
import dev.conifer.simulator.scenario.ScenarioCommand;
import dev.conifer.simulator.scenario.ScenarioLoader;
import dev.conifer.simulator.topology.Topology;
import dev.conifer.simulator.topology.TopologyGenerator;
import dev.conifer.simulator.topology.TopologyLoader;
import dev.conifer.snek.SnekConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ref.Reference;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code conifer sim}: runs the deterministic network simulator (docs/SIMULATOR.md). Wiring only:
 * parses options into a {@link SimulationConfig}, runs it, prints the summary line on stdout and
 * writes the report files.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    subcommands = SimSweepCommand.class,
    description = {
      "Run SNEK in virtual time over a topology, with churn, and report metrics.",
      "Prints one JSON summary line on stdout and writes summary.json, timeseries.csv,",
      "events.csv and report.html to --out. The same options and seed give a",
      "byte-identical summary. See docs/SIMULATOR.md."
    })
public final class SimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--topology",
      paramLabel = "FILE",
      description = "Pinecone topology file (.txt) or edge list")
  Path topologyFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "topology file format: auto (default: pinecone for .txt), pinecone, edges")
  String format = "auto";

  @Option(
      names = "--generate",
      paramLabel = "SPEC",
      description = "generated topology: " + TopologyGenerator.USAGE)
  String generate;

  @Option(names = "--scenario", paramLabel = "JSON", description = "Pinecone event sequence")
  Path scenarioFile;

  /**
   * The parallel engine's threads beyond the caller's: daemons, so a failed run cannot hang exit.
   */
  private static final ThreadFactory SIM_THREADS = new DefaultThreadFactory("conifer-sim", true);

  @Option(names = "--seed", paramLabel = "N", description = "run seed (default 1)")
  long seed = 1;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "threads to run the nodes on (default 1); the result is byte-identical whatever N is."
              + " Every link's latency must be above 0 when N > 1")
  int threads = 1;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "virtual run length (default 60s, or the scenario's length + 30s)")
  String duration;

  @Option(
      names = "--churn",
      paramLabel = "SPEC",
      description = "churn model, repeatable: " + ChurnSpec.USAGE)
  List<String> churn = new ArrayList<>();

  @Option(names = "--pairs", paramLabel = "N", description = "probe pairs per round (default 100)")
  int pairs = 100;

  @Option(names = "--probe-interval", paramLabel = "D", description = "default 1s")
  String probeInterval = "1s";

  @Option(names = "--sample-interval", paramLabel = "D", description = "CSV row width, default 1s")
  String sampleInterval = "1s";

  @Option(
      names = "--check-interval",
      paramLabel = "D",
      description = "convergence check resolution, default 100ms")
  String checkInterval = "100ms";

  @Option(
      names = "--latency",
      paramLabel = "DIST",
      description = "per-link latency: fixed:5ms, uniform:1ms:10ms (default), exp:2ms")
  String latency = "uniform:1ms:10ms";

  @Option(names = "--jitter", paramLabel = "D", description = "per-frame extra delay, default 0")
  String jitter = "0s";

  @Option(names = "--loss", paramLabel = "P", description = "per-frame loss probability")
  double loss;

  @Option(
      names = "--liveness",
      paramLabel = "MODE",
      description = "instant (link-down seen at once, default) or keepalive (5 s read timeout)")
  String liveness = "instant";

  @Option(
      names = "--verify",
      paramLabel = "MODE",
      description =
          "signatures: model (default: simulator-only, no curve arithmetic), or real Ed25519"
              + " checked by ledger, shared-cache, per-node")
  String verify = "model";

  @Option(
      names = "--hop-limiting",
      arity = "0..1",
      description = "drop traffic after 10 hops (Go: off)")
  boolean hopLimiting;

  @Option(names = "--no-broadcasts", arity = "0..1", description = "turn off wakeup broadcasts")
  boolean noBroadcasts;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default sim-out)")
  Path out = Path.of("sim-out");

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Option(
      names = "--progress",
      description = "progress bar on stderr even when it is not a terminal (default: when it is)")
  boolean progress;

  public SimCommand() {}

  @Override
  public Integer call() {
    SimulationConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    SimRunCost cost = new SimRunCost();
    SimulationResult result;
    try {
      result = run(config);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    for (String note : result.notes()) {
      err.println("sim: " + note);
    }
    spec.commandLine().getOut().println(result.summaryJson());
    spec.commandLine().getOut().flush();
    try {
      SimulationOutputs.write(result, out);
    } catch (IOException e) {
      throw new UserException("cannot write to " + out + ": " + e.getMessage(), e);
    }
    err.println("sim: " + cost.line(result.eventCount(), result.nodeCount()));
    err.println("sim: report in " + out.resolve("report.html"));
    int lost = result.lostAfterConvergence().size() + result.convergenceLosses().size();
    if (lost > 0) {
      err.println(
          "sim: "
              + result.lostAfterConvergence().size()
              + " probes lost, counted from "
              + result.measureFromText()
              + ", and "
              + result.convergenceLossesWithoutEvent()
              + " losses of convergence with no event; each in "
              + out.resolve("losses.txt"));
    }
    Reference.reachabilityFence(result); // the live heap above counts the run's state
    err.flush();
    return 0;
  }

  private SimulationResult run(SimulationConfig config) {
    if (noProgress || !(progress || StderrTerminal.isTerminal())) {
      return Simulation.run(config, null, threads, SIM_THREADS);
    }
    long totalS = Math.max(1, config.durationNs() / Durations.SECOND_NS);
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("sim")
            .setInitialMax(totalS)
            .setUnit(" virtual s", 1)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build()) {
      return Simulation.run(
          config,
          (virtualNs, durationNs, events) -> {
            bar.stepTo(virtualNs / Durations.SECOND_NS);
            bar.setExtraMessage(events + " events");
          },
          threads,
          SIM_THREADS);
    }
  }

  SimulationConfig config() {
    if (progress && noProgress) {
      throw usage("give --progress or --no-progress, not both");
    }
    if (threads < 1 || threads > 256) {
      throw usage("--threads must be 1 to 256, not " + threads);
    }
    if (topologyFile != null && generate != null) {
      throw usage("give --topology or --generate, not both");
    }
    if (topologyFile == null && generate == null && scenarioFile == null) {
      throw usage("give --topology FILE or --generate SPEC (or a --scenario)");
    }
    Topology topology = null;
    String label = "empty";
    if (topologyFile != null) {
      topology = loadTopology();
      label = topologyFile.getFileName().toString();
    } else if (generate != null) {
      topology = parse("--generate", () -> TopologyGenerator.generate(generate, seed));
      label = generate;
    }
    List<ScenarioCommand> scenario = List.of();
    if (scenarioFile != null) {
      scenario = loadScenario();
      if (topology == null) {
        label = scenarioFile.getFileName().toString();
      }
    }
    SimulationConfig base = SimulationConfig.defaults(topology, label).withScenario(scenario);
    long durationNs;
    if (duration != null) {
      durationNs = parse("--duration", () -> Durations.parseNs(duration));
    } else {
      durationNs =
          Math.max(60 * Durations.SECOND_NS, base.scenarioLengthNs() + 30 * Durations.SECOND_NS);
    }
    List<ChurnSpec> churnSpecs = new ArrayList<>();
    for (String c : churn) {
      churnSpecs.addAll(parse("--churn", () -> ChurnSpec.parseAll(c)));
    }
    SnekConfig snek =
        SnekConfig.defaults().withHopLimiting(hopLimiting).withBroadcasts(!noBroadcasts);
    String verifyMode = verify.toUpperCase(Locale.ROOT).replace('-', '_');
    return parse(
        "options",
        () ->
            base.withSeed(seed)
                .withDuration(durationNs)
                .withChurn(churnSpecs)
                .withProbes(pairs, Durations.parseNs(probeInterval))
                .withIntervals(Durations.parseNs(sampleInterval), Durations.parseNs(checkInterval))
                .withLinks(LatencyModel.parse(latency), Durations.parseNs(jitter), loss)
                .withLiveness(enumValue(SimNetwork.Liveness.class, liveness, "--liveness"))
                .withVerification(
                    verifyMode.equals("PER_NODE")
                        ? SimulationConfig.Verification.PER_NODE_CACHE
                        : enumValue(SimulationConfig.Verification.class, verifyMode, "--verify"))
                .withSnekConfig(snek));
  }

  private Topology loadTopology() {
    TopologyLoader.Format f = enumValue(TopologyLoader.Format.class, format, "--format");
    return read("topology", topologyFile, () -> TopologyLoader.load(topologyFile, f));
  }

  private List<ScenarioCommand> loadScenario() {
    return read("scenario", scenarioFile, () -> ScenarioLoader.load(scenarioFile));
  }

  private interface FileRead<T> {
    T read() throws IOException;
  }

  /** Reads an input file, turning each way it can fail into a one-line error naming it. */
  private static <T> T read(String what, Path file, FileRead<T> read) {
    try {
      return read.read();
    } catch (NoSuchFileException e) {
      throw new UserException(what + " file not found: " + file);
    } catch (IOException e) {
      throw new UserException("cannot read " + what + " " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private <E extends Enum<E>> E enumValue(Class<E> type, String text, String option) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E value : type.getEnumConstants()) {
        names.add(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw usage(option + ": unknown value \"" + text + "\" (use one of " + names + ")");
    }
  }

  private interface Parse<T> {
    T get();
  }

  private <T> T parse(String option, Parse<T> parse) {
    try {
      return parse.get();
    } catch (ParameterException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw usage(option.equals("options") ? e.getMessage() : option + ": " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
