package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conifer sim sweep} through the real jar: it starts every run as its own {@code conifer
 * sim} process (two at a time), and merges their summaries into one CSV and one report; a run's row
 * equals what that run wrote itself, and the same sweep gives the same CSV.
 */
class SimSweepIT {
  @TempDir static Path jarDir;
  private static ConiferJar jar;

  @TempDir Path dir;

  @BeforeAll
  static void copyJar() throws Exception {
    jar = ConiferJar.copyTo(jarDir);
  }

  private record Result(int exit, String out, String err) {}

  private Result sweep(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.path().toString(), "sim", "sweep"));
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("sweep finished").isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<Map<String, String>> rows(String csv) throws Exception {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> it =
        mapper
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(csv)) {
      return it.readAll();
    }
  }

  @Test
  void aSweepRunsEveryRunAsAProcessAndMergesTheirSummaries() throws Exception {
    String[] args = {
      "--seeds",
      "1..2",
      "--vary",
      "pairs=3|6",
      "--jobs",
      "2",
      "--jvm-option",
      "-Xmx256m",
      "--out",
      dir.resolve("sweep").toString(),
      "--",
      "--generate",
      "line:4",
      "--duration",
      "12s"
    };
    Result first = sweep("first", args);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("sweep: 4 runs, 2 at a time").contains("4/4 run");

    Path csvFile = dir.resolve("sweep").resolve("sweep.csv");
    String csv = Files.readString(csvFile, StandardCharsets.UTF_8);
    assertThat(first.out()).isEqualTo(csv);
    List<Map<String, String>> rows = rows(csv);
    assertThat(rows).extracting(r -> r.get("run")).containsExactly("001", "002", "003", "004");
    assertThat(rows).extracting(r -> r.get("seed")).containsExactly("1", "2", "1", "2");
    assertThat(rows).extracting(r -> r.get("--pairs")).containsExactly("3", "3", "6", "6");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("exit")).isEqualTo("0"));
    assertThat(rows).allSatisfy(r -> assertThat(r.get("topology")).isEqualTo("line:4"));
    // 3 or 6 first probes a second for 7 rounds (the last 5 s send none).
    assertThat(rows)
        .extracting(r -> r.get("delivery.sentWholeRun"))
        .containsExactly("21", "21", "42", "42");

    String ownSummary =
        Files.readString(dir.resolve("sweep/runs/003/summary.json"), StandardCharsets.UTF_8);
    assertThat(ownSummary).contains("\"events\":" + rows.get(2).get("events") + ",");
    assertThat(Files.readString(dir.resolve("sweep/sweep.html")))
        .contains("runs/004/report.html")
        .contains("--pairs=6");

    Result again = sweep("again", args);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).as("same sweep, same CSV").isEqualTo(csv);
  }

  @Test
  void aBadVariedValueFailsBeforeAnyRunStarts() throws Exception {
    Result bad =
        sweep(
            "bad",
            "--vary",
            "latency=fixed:5ms|sideways",
            "--out",
            dir.resolve("bad").toString(),
            "--",
            "--generate",
            "line:4");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("run 002").contains("sideways");
    assertThat(dir.resolve("bad").resolve("runs")).doesNotExist();
  }
}
