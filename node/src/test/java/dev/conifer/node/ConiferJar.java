package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A private copy of {@code target/conifer.jar} for process tests (a concurrent rebuild cannot
 * change it under them), and one-shot CLI runs of it. Without the jar the test is skipped.
 */
final class ConiferJar {
  static final Duration CLI_DEADLINE = Duration.ofSeconds(60);

  private final Path jar;
  private final Path dir;
  private int runs;

  private ConiferJar(Path jar, Path dir) {
    this.jar = jar;
    this.dir = dir;
  }

  static ConiferJar copyTo(Path dir) throws IOException {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(
        Files.isRegularFile(built),
        "target/conifer.jar is missing: build it first with"
            + " mvn -o -q -B -DskipTests package -pl node -am");
    Path jar = Files.copy(built, dir.resolve("conifer.jar"));
    try (JarFile complete = new JarFile(jar.toFile())) { // not caught mid-rewrite by a build
      assertThat(complete.getManifest()).isNotNull();
    }
    return new ConiferJar(jar, dir);
  }

  Path path() {
    return jar;
  }

  /** A long-running process, e.g. a node. */
  NodeProcess start(String name, List<String> args) throws IOException {
    return NodeProcess.start(jar, dir, name, args);
  }

  /** One CLI command, run to its end: its exit code, stdout and stderr. */
  CliRun run(String... args) throws IOException, InterruptedException {
    NodeProcess process = NodeProcess.start(jar, dir, "cli-" + ++runs, List.of(args));
    String out = process.awaitOutput(CLI_DEADLINE);
    return new CliRun(process.exitCode(), out, process.log());
  }
}
