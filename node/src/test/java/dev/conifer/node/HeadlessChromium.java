package dev.conifer.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
