package dev.conifer.node.cli;

import dev.conifer.node.UserException;
import dev.conifer.node.cli.sweep.SweepGrid;
import dev.conifer.node.cli.sweep.SweepOutcome;
import dev.conifer.node.cli.sweep.SweepReportHtml;
import dev.conifer.node.cli.sweep.SweepRun;
import dev.conifer.node.cli.sweep.SweepRunner;
import dev.conifer.node.cli.sweep.SweepTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conifer sim sweep}: runs {@code conifer sim} over a grid of seeds and varied options, as
 * separate processes (at most {@code --jobs} at once), then merges their summary lines into one CSV
 * and one report (docs/SIMULATOR.md, "Sweeps"). Wiring only.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Run 'conifer sim' for every seed and combination of --vary values, in parallel",
      "processes, and merge the summaries into sweep.csv (also printed on stdout) and",
      "sweep.html in --out. Options after -- are given to every run, e.g.",
      "  conifer sim sweep --seeds 1..4 --vary 'pairs=100|1000' -- --generate rr:200:4"
    })
public final class SimSweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seeds",
      paramLabel = "SPEC",
      description = "seeds: 1..8, 1,2,5 or 1..4,10 (default 1)")
  String seeds = "1";

  @Option(
      names = "--vary",
      paramLabel = "NAME=V1|V2",
      description = "a sim option and its values, repeatable, e.g. 'latency=fixed:5ms|exp:5ms'")
  List<String> vary = new ArrayList<>();

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "runs at once (default: the number of cores)")
  Integer jobs;

  @Option(
      names = "--jvm-option",
      paramLabel = "OPT",
      description = "JVM option for every run, repeatable, e.g. -Xmx4g")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default sweep-out)")
  Path out = Path.of("sweep-out");

  @Parameters(paramLabel = "SIM_OPTION", description = "options for every run (after --)")
  List<String> shared = new ArrayList<>();

  public SimSweepCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    List<SweepRun> runs = grid();
    int cores = Runtime.getRuntime().availableProcessors();
    int parallel = jobs == null ? cores : jobs;
    if (parallel < 1) {
      throw usage("--jobs: must be at least 1, not " + parallel);
    }
    validate(runs);
    PrintWriter err = spec.commandLine().getErr();
    err.printf("sweep: %d runs, %d at a time, into %s%n", runs.size(), parallel, out);
    err.flush();
    List<SweepOutcome> outcomes = new SweepRunner(launcher(), parallel, err).run(runs, shared, out);
    SweepTable table = SweepTable.of(outcomes);
    String csv = table.toCsv();
    try {
      Files.writeString(out.resolve("sweep.csv"), csv, StandardCharsets.UTF_8);
      Files.writeString(
          out.resolve("sweep.html"),
          SweepReportHtml.render(table, outcomes, shared),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException("cannot write to " + out + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().print(csv);
    spec.commandLine().getOut().flush();
    long failed = outcomes.stream().filter(o -> !o.succeeded()).count();
    err.printf("sweep: %s and %s written%n", out.resolve("sweep.csv"), out.resolve("sweep.html"));
    err.flush();
    if (failed > 0) {
      throw new UserException(
          failed + " of " + runs.size() + " runs failed (listed above; their rows have exit != 0)");
    }
    return 0;
  }

  private List<SweepRun> grid() {
    for (String arg : shared) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.startsWith("-") && Set.of("--seed", "--out", "--progress").contains(name)) {
        throw usage(name + " is set by the sweep for each run (use --seeds, and --out here)");
      }
    }
    try {
      List<SweepGrid.Axis> axes = new ArrayList<>();
      for (String v : vary) {
        axes.add(SweepGrid.parseAxis(v));
      }
      return SweepGrid.runs(SweepGrid.parseSeeds(seeds), axes);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /**
   * Parses every run's options as {@code conifer sim} would, and builds the configuration of each
   * combination once, so that a bad option or value fails here rather than in every process.
   */
  private void validate(List<SweepRun> runs) {
    Set<String> checked = new HashSet<>();
    for (SweepRun r : runs) {
      List<String> args = r.simArgs(shared, out.resolve("runs").resolve(r.id()));
      SimCommand sim = new SimCommand();
      CommandLine line = new CommandLine(sim);
      try {
        line.parseArgs(args.toArray(String[]::new));
        if (checked.add(r.combination())) {
          sim.config();
        }
      } catch (ParameterException | UserException e) {
        throw usage(r + ": " + e.getMessage());
      }
    }
  }

  /** The command that started this JVM's {@code conifer}: the same java and class path. */
  private List<String> launcher() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java));
    // As ./conifer sim: no concurrent collector work, and huge pages for the scattered heap.
    if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
      command.add("-XX:+UseParallelGC");
    }
    if (jvmOptions.stream().noneMatch(o -> o.contains("TransparentHugePages"))) {
      command.add("-XX:+UseTransparentHugePages");
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Conifer.class.getName()));
    return command;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
