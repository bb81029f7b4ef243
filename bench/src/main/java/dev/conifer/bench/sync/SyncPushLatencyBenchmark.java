package dev.conifer.bench.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Issue 18 item 2: how long a write on one device takes to be readable on another through two
 * relays, with real {@code conifer} processes over loopback (A -> r1 <- r2 <- B, A and B meeting
 * only through the relays). A shares a namespace, B joins with the ticket, then N writes are made
 * on A one at a time through its control API (as {@code conifer sync put} does); each is timed from
 * the moment the put is sent until B's control API returns the value, polled every millisecond. No
 * sync command is involved: this is push on write. Prints p50, p99 and max, the CPU model and the
 * load average before and after (a loaded figure is not a result).
 *
 * <p>Run: {@code mvn -o -q -B -pl bench -am package -DskipTests} then {@code java -cp
 * bench/target/benchmarks.jar dev.conifer.bench.sync.SyncPushLatencyBenchmark
 * [node/target/conifer.jar] [writes=200] [warmup=20]}.
 */
public final class SyncPushLatencyBenchmark {
  private static final long START_TIMEOUT_MS = 60_000;
  private static final long VISIBLE_TIMEOUT_MS = 30_000;

  private final Path work;
  private final Path jar;
  private final List<Process> children = new ArrayList<>();

  private SyncPushLatencyBenchmark(Path work, Path jar) {
    this.work = work;
    this.jar = jar;
  }

  public static void main(String[] args) throws Exception {
    Path built = Path.of(args.length > 0 ? args[0] : "node/target/conifer.jar");
    int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    if (!Files.isRegularFile(built)) {
      System.err.println(built + " is missing: mvn -o -q -B -pl node -am package -DskipTests");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("sync-push-bench");
    // A private copy: a rebuild must not replace the jar under the running children.
    Path jar = Files.copy(built, work.resolve("conifer.jar"));
    SyncPushLatencyBenchmark b = new SyncPushLatencyBenchmark(work, jar);
    Runtime.getRuntime().addShutdownHook(new Thread(b::stopAll, "stop-children"));
    try {
      b.run(writes, warmup);
    } finally {
      b.stopAll();
    }
  }

  private void run(int writes, int warmup) throws Exception {
    System.out.println(
        "cpu "
            + cpuModel()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores; load average before: "
            + loadAverage());
    Started r1 = start("r1", List.of("--listen", "tcp://127.0.0.1:0"), false);
    Started r2 =
        start("r2", List.of("--listen", "tcp://127.0.0.1:0", "--connect", r1.listen), false);
    Started a = start("a", List.of("--connect", r1.listen), true);
    Started b = start("b", List.of("--connect", r2.listen), true);
    ControlClient ca = DataDirAccess.daemonOf(a.data);
    ControlClient cb = DataDirAccess.daemonOf(b.data);

    ca.call("sync/ns/create", json().put("name", "bench"));
    String ticket =
        ca.call("sync/ns/share", json().put("ns", "bench").put("write", true))
            .path("ticket")
            .asText();
    cb.call("sync/ns/join", json().put("ticket", ticket).put("name", "bench"));

    long[] latencyUs = new long[writes];
    for (int i = -warmup; i < writes; i++) {
      String key = (i < 0 ? "warmup/" : "w/") + i;
      long sent = System.nanoTime();
      put(ca, key, "value " + i);
      awaitVisible(cb, key, sent);
      if (i >= 0) {
        latencyUs[i] = (System.nanoTime() - sent) / 1000;
      }
    }
    java.util.Arrays.sort(latencyUs);
    System.out.printf(
        "write->visible on the partner through 2 relays, %d writes (after %d warm-up): p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms%n",
        writes,
        warmup,
        latencyUs[writes / 2] / 1000.0,
        latencyUs[Math.min(writes - 1, (int) Math.ceil(writes * 0.99) - 1)] / 1000.0,
        latencyUs[writes - 1] / 1000.0);
    System.out.println("load average after: " + loadAverage());
  }

  private static ObjectNode json() {
    return ControlRoutes.JSON.createObjectNode();
  }

  private static void put(ControlClient node, String key, String value) {
    node.call(
        "sync/put",
        json()
            .put("ns", "bench")
            .put("key", key)
            .put(
                "value",
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
  }

  /** Polls B every millisecond until {@code key} reads back. */
  private static void awaitVisible(ControlClient node, String key, long sentNs)
      throws InterruptedException {
    while (System.nanoTime() - sentNs < TimeUnit.MILLISECONDS.toNanos(VISIBLE_TIMEOUT_MS)) {
      try {
        JsonNode reply = node.call("sync/get", json().put("ns", "bench").put("key", key));
        if (reply.hasNonNull("value")) {
          return;
        }
      } catch (UserException notYet) {
        // "no value for KEY": not synced yet
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException(key + " not visible on B within " + VISIBLE_TIMEOUT_MS + " ms");
  }

  /** A started node: its listen URI (relays) or data directory (A and B). */
  private record Started(String listen, Path data) {}

  private Started start(String name, List<String> extra, boolean withData) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-jar", jar.toString(), "node"));
    Path data = withData ? work.resolve(name) : null;
    if (withData) {
      command.addAll(List.of("--data", data.toString(), "--admin", "127.0.0.1:0"));
    } else {
      command.addAll(List.of("--key", work.resolve(name + ".key").toString(), "--admin", "off"));
    }
    command.addAll(extra);
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()))
            .start();
    children.add(p);
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                  lines.add(l);
                }
              } catch (IOException ended) {
                // the child is gone; waitFor reports it
              }
            },
            "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
    String listen = extra.contains("--listen") ? waitFor(name, p, lines, "listening ") : null;
    if (withData) {
      waitFor(name, p, lines, "admin ");
    }
    return new Started(listen, data);
  }

  private String waitFor(String name, Process p, LinkedBlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < end) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
      if (line == null && !p.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + work.resolve(name + ".log"));
      }
    }
    throw new IllegalStateException(name + " printed no '" + prefix + "' line in time");
  }

  private void stopAll() {
    for (Process p : children) {
      p.destroy();
    }
    for (Process p : children) {
      try {
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElse("unknown");
  }

  private static String loadAverage() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }
}
