package dev.conifer.node.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep's {@code conifer sim} runs as separate processes, at most {@code jobs} at a time,
 * each writing into {@code out/runs/ID} (its stdout and stderr into {@code stdout.txt} and {@code
 * stderr.txt} there). Each run is its own JVM, so runs share nothing and each stays deterministic;
 * the outcomes come back in grid order whatever order they finished in.
 */
public final class SweepRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> launcher;
  private final int jobs;
  private final PrintWriter log;
  private final Set<Process> live = ConcurrentHashMap.newKeySet();

  /**
   * @param launcher the command that starts {@code conifer} (java, its options, class path, main
   *     class); the run's {@code sim} arguments follow it
   */
  public SweepRunner(List<String> launcher, int jobs, PrintWriter log) {
    this.launcher = List.copyOf(launcher);
    this.jobs = jobs;
    this.log = log;
  }

  public List<SweepOutcome> run(List<SweepRun> runs, List<String> shared, Path out)
      throws InterruptedException {
    Thread killer = new Thread(() -> live.forEach(Process::destroyForcibly), "sweep-cleanup");
    Runtime.getRuntime().addShutdownHook(killer); // Ctrl-C must not leave runs behind
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<SweepOutcome>> futures = new ArrayList<>();
      for (SweepRun r : runs) {
        futures.add(
            pool.submit(
                () -> {
                  long startNs = System.nanoTime();
                  SweepOutcome o = one(r, shared, out);
                  return report(o, (System.nanoTime() - startNs) / 1e9, done, runs.size());
                }));
      }
      List<SweepOutcome> outcomes = new ArrayList<>();
      for (Future<SweepOutcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("sweep worker failed", e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
      live.forEach(Process::destroyForcibly);
      Runtime.getRuntime().removeShutdownHook(killer);
    }
  }

  private SweepOutcome one(SweepRun r, List<String> shared, Path out) throws InterruptedException {
    Path dir = out.resolve("runs").resolve(r.id());
    Path stderr = dir.resolve("stderr.txt");
    List<String> command = new ArrayList<>(launcher);
    command.add("sim");
    command.addAll(r.simArgs(shared, dir));
    Process p;
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
      p =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("stdout.txt").toFile())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException e) {
      return new SweepOutcome(r, -1, null, "cannot start: " + e.getMessage());
    }
    live.add(p);
    int exit;
    try {
      exit = p.waitFor();
    } finally {
      live.remove(p);
    }
    if (exit != 0) {
      return new SweepOutcome(r, exit, null, lastLine(stderr));
    }
    try {
      JsonNode summary =
          JSON.readTree(Files.readString(dir.resolve("summary.json"), StandardCharsets.UTF_8));
      return new SweepOutcome(r, 0, summary, null);
    } catch (IOException e) {
      return new SweepOutcome(r, 0, null, "no readable summary.json: " + e.getMessage());
    }
  }

  private SweepOutcome report(SweepOutcome o, double wallS, AtomicInteger done, int total) {
    String status =
        o.succeeded()
            ? String.format(Locale.ROOT, "done in %.1f s", wallS)
            : "FAILED (exit " + o.exitCode() + "): " + o.failure() + "; see runs/" + o.run().id();
    synchronized (log) {
      log.printf(
          Locale.ROOT, "sweep: %d/%d %s %s%n", done.incrementAndGet(), total, o.run(), status);
      log.flush();
    }
    return o;
  }

  private static String lastLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
      return "(stderr empty)";
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }
}
