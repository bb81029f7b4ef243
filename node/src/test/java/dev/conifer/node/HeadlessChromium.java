package dev.conifer.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, opening one page until killed. Found on PATH (or at {@code
 * $CHROMIUM}); where it is missing the test is skipped with one line, except under {@code CI=true},
 * where it must run and so fails.
 */
final class HeadlessChromium implements AutoCloseable {
  private final Process process;

  private HeadlessChromium(Process process) {
    this.process = process;
  }

  static Path find() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    String reason = "chromium not found on PATH (apt-get install chromium); browser test skipped";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason.replace("skipped", "required under CI=true"));
    }
    assumeTrue(false, reason);
    return null;
  }

  /** Opens {@code page} in a fresh profile under {@code dir}; stderr goes to chromium.log. */
  static HeadlessChromium open(Path binary, Path dir, URI page) throws IOException {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox", // CI runs as root, where the sandbox cannot start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile,
                page.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    p.getOutputStream().close();
    return new HeadlessChromium(p);
  }

  /**
   * Runs chromium on {@code page} with {@code flags} (such as {@code --dump-dom} or {@code
   * --screenshot=FILE}) until it exits by itself, and returns its stdout; its stderr goes to {@code
   * NAME.log}. Killed, and an assertion error, after {@code deadline}.
   */
  static String run(
      Path binary, Path dir, String name, Duration deadline, List<String> flags, URI page)
      throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve(name + "-profile"));
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + profile));
    command.addAll(flags);
    command.add(page.toString());
    Path out = dir.resolve(name + ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve(name + ".log").toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "chromium " + flags + " " + page + " still running after " + deadline);
    }
    return Files.readString(out);
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
