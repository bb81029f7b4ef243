package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conifer demo family} as a person runs it: the jar in its own JVM, which starts five {@code
 * conifer node} JVMs on loopback and headless Chromium. The demo's own checks are the assertions
 * (its exit code); this test also checks that every check it names held, that the closing table
 * lists the five nodes, and that no node outlives the demo.
 */
@Tag("loopback")
@Tag("browser")
@Timeout(480)
class FamilyDemoIT {
  private static final Duration DEMO_DEADLINE = Duration.ofSeconds(420);
  private static final Pattern PID = Pattern.compile(" pid (\\d+) ");

  @TempDir Path dir;

  @Test
  void theFamilyStoryRunsOnFiveRealNodesAndEveryCheckHolds() throws Exception {
    HeadlessChromium.find(); // skips (or fails under CI=true) without a browser
    ConiferJar jar = ConiferJar.copyTo(dir);
    Path run = dir.resolve("family");
    NodeProcess demo = jar.start("demo", List.of("demo", "family", "--dir", run.toString()));
    String out;
    try {
      out = demo.awaitOutput(DEMO_DEADLINE);
    } finally {
      // Should the demo JVM be killed, its nodes must not outlive the test.
      ProcessHandle.of(demo.pid())
          .ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
      demo.kill();
    }
    String why = out + "\n" + demo.log() + logs(run.resolve("logs"));

    assertThat(demo.exitCode()).as(why).isZero();
    assertThat(out)
        .as(why)
        .contains("RESULT: the family's devices converged and every check held")
        .contains(
            "CHECK ok: all five devices hold the same five paths, with both laptops' and the"
                + " phone's edits")
        .contains("CHECK ok: each of the 6 attachments is held by home")
        .contains("CHECK ok: each of the 6 attachments is held by grandparent")
        .contains("CHECK ok: the wiped laptop-a holds all five paths and every attachment again")
        .contains("CHECK ok: every device holds the same current state of all five paths")
        .contains("CHECK ok: Chromium rendered the cover and the diagram")
        .contains(
            "CHECK ok: 'blobs why' on home names the sovereign rule trusting laptop-a for each of"
                + " the 6 attachments")
        .contains(
            "CHECK ok: 'blobs why' on grandparent names the reciprocal rule trusting laptop-a for"
                + " each of the 6 attachments")
        .doesNotContain("CHECK FAILED");
    for (String node : List.of("home", "grandparent", "laptop-a", "laptop-b", "phone")) {
      assertThat(out).as(why).containsPattern("(?m)^   " + node + " +\\S+ +5 ");
    }
    List<Long> pids = new ArrayList<>();
    Matcher m = PID.matcher(out);
    while (m.find()) {
      pids.add(Long.parseLong(m.group(1)));
    }
    assertThat(pids).as("five node pids, and the wiped laptop's new one: " + why).hasSize(6);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("node pid %d stopped with the demo", pid)
          .isFalse();
    }
  }

  @Test
  void withoutChromiumTheDemoSaysWhatIsMissingOnOneLineBeforeAnyNodeStarts() throws Exception {
    ConiferJar jar = ConiferJar.copyTo(dir);
    Path run = Files.createDirectories(dir.resolve("no-browser"));
    ProcessBuilder pb =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-jar",
            jar.path().toString(),
            "demo",
            "family",
            "--dir",
            run.toString());
    pb.environment().remove("CHROMIUM");
    pb.environment().put("PATH", dir.resolve("empty-path").toString());
    pb.redirectOutput(dir.resolve("no-browser.out").toFile());
    pb.redirectError(dir.resolve("no-browser.err").toFile());
    Process demo = pb.start();
    assertThat(demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    List<String> err = Files.readAllLines(dir.resolve("no-browser.err"));

    assertThat(demo.exitValue()).as("exit code; stderr %s", err).isEqualTo(1);
    assertThat(err).as("one line").hasSize(1);
    assertThat(err.get(0))
        .contains("headless Chromium")
        .contains("no chromium")
        .contains("apt-get install chromium")
        .contains("--no-browser");
    try (Stream<Path> started = Files.list(run)) {
      assertThat(started).as("nothing started in --dir").isEmpty();
    }
  }

  private static String logs(Path logs) {
    if (!Files.isDirectory(logs)) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
        String text = Files.readString(f);
        s.append("\n--- ").append(f.getFileName()).append(" (end)\n");
        s.append(text.length() > 3000 ? text.substring(text.length() - 3000) : text);
      }
    } catch (java.io.IOException e) {
      s.append("\n(logs unreadable: ").append(e).append(')');
    }
    return s.toString();
  }
}
