package dev.conifer.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code conifer} JVM started from a private copy of the fat jar: stdout lines are collected for
 * parsing ({@code public-key}, {@code listening}, the ping summary), stderr (the log) goes to a
 * file that tests search for peer up/down lines.
 */
final class NodeProcess implements AutoCloseable {
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xmx128m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Dio.netty.allocator.lowMemory=false");

  private final String name;
  private final Process process;
  private final Path log;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> allLines = new ArrayList<>();
  private final Thread reader;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process died; waitForLine reports it
              }
            },
            "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code java <JVM_FLAGS> -jar jar <args>} with stderr in {@code dir/name.log}. */
  static NodeProcess start(Path jar, Path dir, String name, List<String> args) throws IOException {
    return start(jar, dir, name, JVM_FLAGS, args);
  }

  /** Runs {@code java <flags> -jar jar <args>} with stderr in {@code dir/name.log}. */
  static NodeProcess start(Path jar, Path dir, String name, List<String> flags, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(flags);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return launch(dir, name, command);
  }

  /** Runs {@code mainClass} from this JVM's class path, with {@code flags}. */
  static NodeProcess startClass(
      Path dir, String name, List<String> flags, Class<?> mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(flags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return launch(dir, name, command);
  }

  private static NodeProcess launch(Path dir, String name, List<String> javaArgs)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(javaArgs);
    Path log = dir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process.getOutputStream().close(); // nothing to say on its stdin
    return new NodeProcess(name, process, log);
  }

  /** The rest of the first stdout line starting with {@code prefix + " "}. */
  String waitForLine(String prefix, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        allLines.add(line);
        if (line.startsWith(prefix + " ")) {
          return line.substring(prefix.length() + 1);
        }
      } else if (!process.isAlive() && lines.isEmpty()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " before '" + prefix + "': " + log());
      }
    }
    throw new AssertionError(name + ": no '" + prefix + "' line within " + timeout + ": " + log());
  }

  /** Waits for the process to exit and returns everything it printed on stdout. */
  String awaitOutput(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + ": " + log());
    }
    reader.join(5_000); // it may still be draining the pipe
    lines.drainTo(allLines);
    StringBuilder out = new StringBuilder();
    allLines.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  long pid() {
    return process.pid();
  }

  int exitCode() {
    return process.exitValue();
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Log lines (stderr) containing every one of {@code parts}. */
  long logLinesWith(String... parts) {
    return log().lines().filter(l -> List.of(parts).stream().allMatch(l::contains)).count();
  }

  /** SIGTERM, as systemd stops a service: the node shuts down cleanly. Returns the exit code. */
  int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not stop within " + timeout + ": " + log());
    }
    return process.exitValue();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
