package dev.conifer.node.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Prints the story and runs its commands: each command is shown as a person would type it (the
 * demo's directory written as {@code $FAMILY}), run through the real command line, and its output
 * shown indented. A command that fails stops the demo with its error.
 */
final class Narrator {
  private final PrintStream out;
  private final String base;
  private final long startNanos = System.nanoTime();
  private final ExecutorService pool;
  private int step;

  Narrator(PrintStream out, Path base) {
    this.out = out;
    this.base = base.toString();
    this.pool =
        Executors.newFixedThreadPool(
            6,
            r -> {
              Thread t = new Thread(r, "family-demo-cli");
              t.setDaemon(true);
              return t;
            });
  }

  /** A numbered heading with the time since the start. */
  void step(String title) {
    out.printf("%n== %d. %s  [%.1f s]%n", ++step, title, seconds());
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Plain words: what happens and why. */
  void say(String text) {
    out.println("   " + text);
  }

  /** Runs and shows {@code conifer ARGS}; its stdout, or a {@link DemoFailure} if it failed. */
  String run(String... args) {
    return show(args, InProcessCli.run(args));
  }

  /**
   * Runs commands for different devices at once (as several people at their own devices would),
   * then shows them in the order given; a slow machine then waits for the slowest, not the sum.
   */
  List<String> runAll(List<String[]> commands) {
    List<CompletableFuture<InProcessCli.Result>> running =
        commands.stream()
            .map(args -> CompletableFuture.supplyAsync(() -> InProcessCli.run(args), pool))
            .toList();
    List<String> outs = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      outs.add(show(commands.get(i), running.get(i).join()));
    }
    return outs;
  }

  private String show(String[] args, InProcessCli.Result r) {
    out.println("$ conifer " + shown(args));
    String text = r.out().stripTrailing();
    if (!text.isEmpty()) {
      out.println(indent(text));
    }
    if (r.exitCode() != 0) {
      throw new DemoFailure(
          "'conifer " + shown(args) + "' exited " + r.exitCode() + ": " + r.err().strip());
    }
    return r.out();
  }

  /** Runs a command without showing it (polling while waiting); null if it failed. */
  String quiet(String... args) {
    InProcessCli.Result r = InProcessCli.run(args);
    return r.exitCode() == 0 ? r.out() : null;
  }

  /** Runs and shows a command that is expected to fail (the evidence is its error). */
  InProcessCli.Result runExpectingFailure(String... args) {
    out.println("$ conifer " + shown(args));
    InProcessCli.Result r = InProcessCli.run(args);
    String text = (r.out() + r.err()).stripTrailing();
    if (!text.isEmpty()) {
      out.println(indent(text));
    }
    return r;
  }

  String shown(String... args) {
    return List.of(args).stream().map(this::shownArg).collect(Collectors.joining(" "));
  }

  private String shownArg(String arg) {
    String a = arg.replace(base, "$FAMILY");
    boolean plain =
        a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,$@+".indexOf(c) >= 0);
    return plain && !a.isEmpty() ? a : "'" + a.replace("'", "'\\''") + "'";
  }

  static String indent(String text) {
    return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
  }

  PrintStream out() {
    return out;
  }
}
