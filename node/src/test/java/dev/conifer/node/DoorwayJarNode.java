package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The real {@code conifer} jar as separate processes: {@code blobs add} into a data directory, then
 * {@code conifer node --doorway 127.0.0.1:0} serving it. For the doorway's CLI and browser tests;
 * skipped without {@code target/conifer.jar}.
 */
final class DoorwayJarNode implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);

  private final Path jar;
  private final Path dir;
  private final Path data;
  private final List<NodeProcess> processes = new ArrayList<>();
  URI doorway;
  URI admin;
  URI listening;

  /** Copies the jar (a concurrent rebuild must not change it under the children). */
  DoorwayJarNode(Path dir) throws IOException {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(
        Files.isRegularFile(built),
        "target/conifer.jar is missing: build it first with"
            + " mvn -o -q -B -DskipTests package -pl node");
    this.dir = dir;
    this.jar = Files.copy(built, dir.resolve("conifer.jar"));
    try (JarFile complete = new JarFile(jar.toFile())) {
      assertThat(complete.getManifest()).isNotNull();
    }
    this.data = dir.resolve("data");
  }

  /** {@code conifer blobs add FILE --data DIR [--type TYPE]}; returns the printed hash. */
  String add(Path file, String type) throws Exception {
    List<String> args = new ArrayList<>(List.of("blobs", "add", file.toString()));
    if (type != null) {
      args.add("--type");
      args.add(type);
    }
    String out = run("add-" + file.getFileName(), args).strip();
    assertThat(out).matches("[0-9a-f]{64}");
    return out;
  }

  /** {@code conifer ARGS --data DIR} as its own process; returns its stdout once it exited 0. */
  String run(String name, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.add("--data");
    all.add(data.toString());
    NodeProcess p = NodeProcess.start(jar, dir, name, all);
    processes.add(p);
    String out = p.awaitOutput(START);
    assertThat(p.exitCode()).as(p.log()).isZero();
    return out;
  }

  /** Starts {@code conifer node --data DIR --doorway 127.0.0.1:0 --admin 127.0.0.1:0}. */
  void startNode() throws Exception {
    startNode(List.of("--doorway", "127.0.0.1:0"));
  }

  /**
   * Starts {@code conifer node --data DIR --admin 127.0.0.1:0 EXTRA}; waits for its admin line, and
   * for its doorway and listening lines when EXTRA asks for them.
   */
  void startNode(List<String> extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("node", "--data", data.toString(), "--admin", "127.0.0.1:0"));
    args.addAll(extra);
    NodeProcess p = NodeProcess.start(jar, dir, "node-" + dir.getFileName(), args);
    processes.add(p);
    // stdout order: listening lines, then admin, then doorway
    if (extra.contains("--listen")) {
      listening = URI.create(p.waitForLine("listening", START));
    }
    admin = URI.create(p.waitForLine("admin", START));
    if (extra.contains("--doorway")) {
      doorway = URI.create(p.waitForLine("doorway", START));
    }
  }

  URI blob(String hash) {
    return doorway.resolve("/blobs/" + hash);
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess p : processes) {
      p.kill();
    }
  }
}
