package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 3 (the tarball): {@code packaging/build-tarball} makes a tarball with a jlink'd
 * runtime; installed into a temporary prefix, its {@code bin/conifer --version} works and it runs a
 * node; its systemd unit passes {@code systemd-analyze verify} where systemd is installed.
 */
@Tag("loopback")
@Timeout(300)
class PackageTarballIT {
  @TempDir Path dir;

  private static String onPath(String tool) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(entry, tool);
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  /** Runs {@code command}; returns stdout and stderr together, failing on a non-zero exit. */
  private static String run(Path cwd, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
    return output;
  }

  @Test
  void tarballInstallsIntoAPrefixAndRunsANode() throws Exception {
    assumeTrue(Files.isRegularFile(Path.of("target", "conifer.jar")), "no target/conifer.jar");
    assumeTrue(onPath("jlink") != null, "jlink is not on PATH; skipped");
    Path script = Path.of("..", "packaging", "build-tarball").toAbsolutePath().normalize();

    String built = run(dir, script.toString(), dir.toString()).strip();
    Path tarball = Path.of(built.lines().reduce((a, b) -> b).orElseThrow());
    assertThat(tarball.getFileName().toString()).matches("conifer-.+-linux-.+\\.tar\\.gz");
    Path prefix = Files.createDirectories(dir.resolve("opt"));
    run(prefix, "tar", "-xzf", tarball.toString());
    Path conifer = prefix.resolve("conifer/bin/conifer");

    assertThat(run(dir, conifer.toString(), "--version")).startsWith("conifer ");
    List<String> node = new ArrayList<>(List.of(conifer.toString(), "node", "--relay-only"));
    node.addAll(List.of("--admin", "off", "--key", dir + "/k", "--listen", "tcp://127.0.0.1:0"));
    Process relay =
        new ProcessBuilder(node).redirectError(dir.resolve("relay.log").toFile()).start();
    try {
      var out = relay.inputReader(StandardCharsets.UTF_8);
      assertThat(out.readLine()).startsWith("public-key ");
      assertThat(out.readLine()).startsWith("listening tcp://127.0.0.1:");
    } finally {
      relay.destroy();
      relay.waitFor(30, TimeUnit.SECONDS);
    }

    String analyze = onPath("systemd-analyze");
    if (analyze != null) {
      String unit =
          Files.readString(prefix.resolve("conifer/lib/systemd/conifer.service"))
              .replace("/opt/conifer/", prefix.resolve("conifer") + "/");
      Path copy = Files.writeString(dir.resolve("conifer.service"), unit);
      assertThat(run(dir, analyze, "verify", copy.toString())).isEmpty();
    } else {
      System.out.println("systemd-analyze is not installed: the unit was not verified");
    }
  }
}
