package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conifer sim} as a person runs it, stdout redirected to a file: the progress bar goes to
 * stderr when asked for (here stderr is a file too, as in CI), and not otherwise; the summary line
 * stays alone on stdout. Runs a private copy of {@code target/conifer.jar}.
 */
class SimProgressIT {
  @TempDir static Path jarDir;
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void copyJar() throws IOException {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(
        Files.isRegularFile(built),
        "target/conifer.jar is missing: build it first with"
            + " mvn -o -q -B -DskipTests package -pl node");
    jar = Files.copy(built, jarDir.resolve("conifer.jar"));
  }

  private String[] sim(String name, String... extra) throws Exception {
    return sim(0, name, "line:4", extra);
  }

  private String[] sim(int exitCode, String name, String graph, String... extra) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString(), "sim", "--generate", graph));
    command.addAll(List.of("--duration", "20s", "--out", dir.resolve(name).toString()));
    command.addAll(List.of(extra));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("sim finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(exitCode);
    return new String[] {
      Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)
    };
  }

  @Test
  void progressGoesToStderrWhenForcedAndTheSummaryStaysAloneOnStdout() throws Exception {
    String[] forced = sim("forced", "--progress");
    assertThat(forced[1]).contains("virtual s");
    assertThat(forced[0].strip()).startsWith("{").endsWith("}").doesNotContain("virtual s");

    String[] quiet = sim("quiet");
    assertThat(quiet[1]).doesNotContain("virtual s").contains("sim: wall");
    assertThat(quiet[0].strip()).isEqualTo(forced[0].strip()); // same seed, same summary
  }

  @Test
  void aRunOnTwoThreadsWritesTheSameSummaryAndFilesAsOnOne() throws Exception {
    String[] one = sim(0, "one", "ba:80:2", "--seed", "4");
    String[] two = sim(0, "two", "ba:80:2", "--seed", "4", "--threads", "2");
    assertThat(two[0]).isEqualTo(one[0]);
    for (String file : List.of("summary.json", "timeseries.csv", "losses.txt")) {
      assertThat(Files.readString(dir.resolve("two").resolve(file)))
          .as(file)
          .isEqualTo(Files.readString(dir.resolve("one").resolve(file)));
    }
  }

  @Test
  void aThreadCountBelowOneIsAUsageError() throws Exception {
    String[] zero = sim(2, "zero", "line:4", "--threads", "0");
    assertThat(zero[1]).contains("--threads must be 1 to 256, not 0");
  }
}
