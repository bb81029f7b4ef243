package dev.conifer.node.demo;

import dev.conifer.node.cli.Conifer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code conifer node} daemon in its own JVM, started from this JVM's own class path (the
 * conifer jar when run as {@code ./conifer demo family}). Its stdout (the stable lines: {@code
 * public-key}, {@code listening}, {@code admin}, {@code doorway}) and its log go to files, not
 * pipes, so that with {@code --keep} it runs on after the demo has exited.
 */
final class DaemonProcess {
  /**
   * The daemon JVM options of the {@code conifer} script, plus C1 only: five daemons start at once
   * on a small machine, and the C2 compiler would compete with them for the cores.
   */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms8m",
          "-Xmx256m",
          "-Xss256k",
          "-XX:ReservedCodeCacheSize=24m",
          "-XX:MaxMetaspaceSize=64m",
          "-XX:-UsePerfData",
          "-XX:TieredStopAtLevel=1",
          "-Dio.netty.allocator.lowMemory=false",
          "-Djava.awt.headless=true");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path log;

  private DaemonProcess(String name, Process process, Path stdout, Path log) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.log = log;
  }

  /** Starts {@code conifer node ARGS} with stdout in {@code logs/NAME.out}, log in NAME.log. */
  static DaemonProcess start(String name, Path logs, List<String> nodeArgs) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Conifer.class.getName());
    command.add("node");
    command.addAll(nodeArgs);
    Path out = logs.resolve(name + ".out");
    Path log = logs.resolve(name + ".log");
    try {
      Files.createDirectories(logs);
      Files.deleteIfExists(out);
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      p.getOutputStream().close(); // a daemon reads nothing on stdin
      return new DaemonProcess(name, p, out, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " daemon: " + e.getMessage(), e);
    }
  }

  /** The rest of the first stdout line that starts with {@code prefix + " "}, once printed. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = line(prefix);
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new DemoFailure(
            name
                + " exited with code "
                + process.exitValue()
                + " before printing '"
                + prefix
                + "'; its log "
                + log
                + " ends with: "
                + logTail());
      }
      if (System.nanoTime() > end) {
        throw new DemoFailure(
            name
                + " printed no '"
                + prefix
                + "' line within "
                + timeout.toSeconds()
                + " s; log: "
                + log);
      }
      Thread.sleep(100);
    }
  }

  /** Every stdout line starting with {@code prefix + " "}, without the prefix. */
  List<String> lines(String prefix) {
    List<String> found = new ArrayList<>();
    for (String l : stdoutLines()) {
      if (l.startsWith(prefix + " ")) {
        found.add(l.substring(prefix.length() + 1));
      }
    }
    return found;
  }

  private Optional<String> line(String prefix) {
    return lines(prefix).stream().findFirst();
  }

  private List<String> stdoutLines() {
    try {
      return Files.exists(stdout) ? Files.readAllLines(stdout, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logTail() {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** SIGTERM, as Ctrl-C or a service manager would; SIGKILL if it has not exited in time. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** For the shutdown hook: no waiting. */
  void killNow() {
    process.destroyForcibly();
  }
}
