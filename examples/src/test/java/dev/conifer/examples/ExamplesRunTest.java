package dev.conifer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each example as its own program ({@code java -cp … dev.conifer.examples.X}, as a reader
 * would) and checks what it prints on stdout and that it exits 0.
 */
class ExamplesRunTest {
  private static final long DEADLINE_S = 120;

  @TempDir Path dir;

  @Test
  void helloDeliversAMessageByKey() throws Exception {
    assertThat(run(Hello.class)).containsExactly("alice got 'hello, alice' from bob: true");
  }

  @Test
  void chatAnswersEveryLineOverASessionStream() throws Exception {
    assertThat(run(Chat.class))
        .containsExactly(
            "bob:   hi alice",
            "alice: got 'hi alice' (8 characters)",
            "bob:   are you there?",
            "alice: got 'are you there?' (14 characters)",
            "bob:   bye",
            "alice: got 'bye' (3 characters)",
            "chat closed");
  }

  @Test
  void blobShareFetchesTheSameBytesByHash() throws Exception {
    List<String> lines = run(BlobShare.class);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("alice stored 1048576 bytes as [0-9a-f]{64}");
    assertThat(lines.subList(1, 3))
        .containsExactly("bob fetched 1048576 bytes", "same bytes: true");
  }

  /** The example's stdout lines; fails with its stderr if it does not exit 0 in time. */
  private List<String> run(Class<?> example) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                example.getName())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean exited = process.waitFor(DEADLINE_S, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("%s ended within %d s; stderr:%n%s", example, DEADLINE_S, stderr)
        .isTrue();
    assertThat(process.exitValue()).as("%s exit code; stderr:%n%s", example, stderr).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }
}
