package dev.conifer.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A line of {@code conifer node --relay-only} processes started through the {@code conifer}
 * launcher, as a user starts them (its JVM defaults, or {@code CONIFER_JAVA_OPTS} if set): relay 1
 * listens, relay k connects to relay k-1. Closing stops them all.
 */
final class RelayChainProcesses implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 120_000;

  private final List<Process> processes = new ArrayList<>();
  private final List<URI> listen = new ArrayList<>();

  RelayChainProcesses(Path launcher, Path workDir, int relays) throws IOException {
    try {
      URI previous = null;
      for (int i = 1; i <= relays; i++) {
        previous = start(launcher, workDir, "relay" + i, previous);
        listen.add(previous);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Where relay {@code i} (1-based) listens. */
  URI listen(int i) {
    return listen.get(i - 1);
  }

  int size() {
    return listen.size();
  }

  private URI start(Path launcher, Path workDir, String name, URI connect) throws IOException {
    Path data = Files.createDirectories(workDir.resolve(name));
    List<String> command =
        new ArrayList<>(
            List.of(
                launcher.toString(),
                "node",
                "--relay-only",
                "--data",
                data.toString(),
                "--listen",
                "tcp://127.0.0.1:0",
                "--admin",
                "127.0.0.1:0"));
    if (connect != null) {
      command.add("--connect");
      command.add(connect.toString());
    }
    Process process =
        new ProcessBuilder(command).redirectError(workDir.resolve(name + ".err").toFile()).start();
    processes.add(process);
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("stdout-error " + e);
              }
            },
            name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    try {
      while (System.currentTimeMillis() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith("listening tcp://")) {
          return URI.create(line.substring("listening ".length()));
        }
        if (line == null && !process.isAlive()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IOException(
        name + " printed no 'listening tcp://' line; see " + workDir.resolve(name + ".err"));
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
