package dev.conifer.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash "terminal" that blocks of commands are pasted into, one after the other, so that
 * variables, functions and background jobs carry over from block to block as they do for a person.
 * Each block is written to a file and sourced; the shell runs with {@code set -e}, so a command
 * that fails ends the session (and the test) with that block's output.
 */
final class BashSession implements AutoCloseable {
  private static final String DONE = "@@block-done ";
  private static final String EOF = "@@eof";

  private final Process bash;
  private final Path scripts;
  private final Writer stdin;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<ProcessHandle> seen = new ArrayList<>();
  private int blocks;

  private BashSession(Process bash, Path scripts) {
    this.bash = bash;
    this.scripts = scripts;
    this.stdin = bash.outputWriter(StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(reading bash's output failed: " + e + ")");
              }
              lines.add(EOF);
            },
            "bash-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code bash} in {@code cwd} with {@code env} added, stdout and stderr merged. */
  static BashSession start(Path cwd, Map<String, String> env, Path scripts) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc");
    pb.directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Files.createDirectories(scripts);
    BashSession session = new BashSession(pb.start(), scripts);
    session.send("set -e");
    return session;
  }

  /** The outcome of one block: its output lines, and whether the shell got to its end. */
  record Result(List<String> output, boolean finished, String why) {}

  /** Pastes {@code commands}; waits up to {@code deadline} for them to finish. */
  Result run(String commands, Duration deadline) throws IOException, InterruptedException {
    int n = ++blocks;
    Path script = Files.writeString(scripts.resolve("block-" + n + ".sh"), commands);
    send("source " + script + "; echo " + DONE + n);
    List<String> out = new ArrayList<>();
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      remember();
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (System.nanoTime() > end) {
          return new Result(out, false, "still running after " + deadline.toSeconds() + " s");
        }
      } else if (line.equals(DONE + n)) {
        return new Result(out, true, "");
      } else if (line.equals(EOF)) {
        bash.waitFor(5, TimeUnit.SECONDS);
        return new Result(
            out,
            false,
            "the shell exited"
                + (bash.isAlive() ? "" : " with " + bash.exitValue())
                + ": a command failed (set -e)");
      } else {
        out.add(line);
      }
    }
  }

  private void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** Background jobs are children of bash; keep their handles to stop them even if bash died. */
  private void remember() {
    bash.descendants().filter(h -> !seen.contains(h)).forEach(seen::add);
  }

  /** Stops bash and every process it started (the daemons in the background included). */
  @Override
  public void close() throws InterruptedException {
    remember();
    for (ProcessHandle h : seen) {
      h.destroy();
    }
    bash.destroy();
    for (ProcessHandle h : seen) {
      h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
      h.destroyForcibly();
    }
    bash.waitFor(10, TimeUnit.SECONDS);
    bash.destroyForcibly();
  }
}
