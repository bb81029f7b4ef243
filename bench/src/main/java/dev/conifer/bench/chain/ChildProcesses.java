package dev.conifer.bench.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every JVM the benchmark starts, so that all of them end with it: on normal exit, on failure, on
 * Ctrl-C (a shutdown hook) and on the run's time limit. Children are stopped politely (SIGTERM, so
 * a JFR recording is written) and then forcibly.
 */
final class ChildProcesses implements AutoCloseable {
  private static final long STOP_GRACE_MS = 3_000;

  /** One started JVM and the stdout lines it printed. */
  static final class Child {
    final String name;
    final Process process;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

    Child(String name, Process process) {
      this.name = name;
      this.process = process;
      Thread reader = new Thread(this::drainStdout, "stdout-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    long pid() {
      return process.pid();
    }

    private void drainStdout() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.offer(line.strip()); // dropped when full: only the first lines matter
        }
      } catch (IOException ended) {
        // The child is gone; waitForLine reports it.
      }
    }

    /** The first stdout line starting with {@code prefix} (prefix removed), within the timeout. */
    String waitForLine(String prefix, long timeoutMs) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (System.nanoTime() - deadline < 0) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
        if (line == null && !process.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + process.exitValue() + " (see its .log file)");
        }
      }
      throw new IllegalStateException(name + " printed no '" + prefix + "' line in time");
    }

    /** The last stdout line so far starting with {@code prefix} (prefix removed), or null. */
    String latestLine(String prefix) {
      String latest = null;
      for (String line = lines.poll(); line != null; line = lines.poll()) {
        if (line.startsWith(prefix)) {
          latest = line.substring(prefix.length()).strip();
        }
      }
      return latest;
    }
  }

  private final List<Child> children = new ArrayList<>();
  private final Path logDir;
  private final Thread hook = new Thread(this::stopAll, "stop-children");

  ChildProcesses(Path logDir) {
    this.logDir = logDir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code command}; stderr goes to {@code <logDir>/<name>.log}. */
  synchronized Child start(String name, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(logDir.resolve(name + ".log").toFile());
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Child child = new Child(name, builder.start());
    children.add(child);
    return child;
  }

  synchronized void stop(Child child) {
    stopAll(List.of(child));
    children.remove(child);
  }

  synchronized void stopAll() {
    stopAll(new ArrayList<>(children));
    children.clear();
  }

  private static void stopAll(List<Child> targets) {
    for (Child child : targets) {
      child.process.descendants().forEach(ProcessHandle::destroy);
      child.process.destroy();
    }
    long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
    for (Child child : targets) {
      try {
        long left = Math.max(1, deadline - System.currentTimeMillis());
        if (!child.process.waitFor(left, TimeUnit.MILLISECONDS)) {
          child.process.descendants().forEach(ProcessHandle::destroyForcibly);
          child.process.destroyForcibly().waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        child.process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
  }
}
