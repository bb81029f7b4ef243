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
    List<String> args =
        new ArrayList<>(List.of("blobs", "add", file.toString(), "--data", data.toString()));
    if (type != null) {
      args.add("--type");
      args.add(type);
    }
    NodeProcess p = NodeProcess.start(jar, dir, "add-" + file.getFileName(), args);
    processes.add(p);
    String out = p.awaitOutput(START).strip();
    assertThat(p.exitCode()).as(p.log()).isZero();
    assertThat(out).matches("[0-9a-f]{64}");
    return out;
  }

  /** Starts {@code conifer node --data DIR --doorway 127.0.0.1:0 --admin 127.0.0.1:0}. */
  void startNode() throws Exception {
    NodeProcess p =
        NodeProcess.start(
            jar,
            dir,
            "doorway-node",
            List.of(
                "node",
                "--data",
                data.toString(),
                "--doorway",
                "127.0.0.1:0",
                "--admin",
                "127.0.0.1:0"));
    processes.add(p);
    admin = URI.create(p.waitForLine("admin", START));
    doorway = URI.create(p.waitForLine("doorway", START));
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
