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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 3 (packages): {@code packaging/build-tarball} makes a tarball with a jlink'd
 * runtime; installed into a temporary prefix, its {@code bin/conifer --version} works and it runs a
 * node; its systemd unit passes {@code systemd-analyze verify} where systemd is installed. {@code
 * packaging/build-deb} turns the same tarball into a .deb, inspected with dpkg-deb and run from its
 * extracted files.
 */
@Tag("loopback")
@Timeout(300)
class PackageTarballIT {
  @TempDir static Path built;
  private static Path tarball;

  @TempDir Path dir;

  /**
   * One jlink for both tests, as it is the slow part; none if the oci profile's build already made
   * the tarball from this conifer.jar.
   */
  @BeforeAll
  static void buildTarball() throws Exception {
    Path jar = Path.of("target", "conifer.jar");
    assumeTrue(Files.isRegularFile(jar), "no target/conifer.jar");
    try (var files = Files.list(Path.of("target"))) {
      Path fresh =
          files
              .filter(p -> p.getFileName().toString().matches("conifer-.+-linux-.+\\.tar\\.gz"))
              .filter(p -> p.toFile().lastModified() >= jar.toFile().lastModified())
              .findFirst()
              .orElse(null);
      if (fresh != null) {
        tarball = fresh.toAbsolutePath();
        return;
      }
    }
    assumeTrue(onPath("jlink") != null, "jlink is not on PATH; skipped");
    Path script = Path.of("..", "packaging", "build-tarball").toAbsolutePath().normalize();
    String output = run(built, script.toString(), built.toString()).strip();
    tarball = Path.of(output.lines().reduce((a, b) -> b).orElseThrow());
  }

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
      // The launcher exec's java with the same JVM defaults as ./conifer and the container image.
      Path options = prefix.resolve("conifer/lib/node.jvm-options");
      assertThat(options).hasSameTextualContentAs(Path.of("..", "packaging", "node.jvm-options"));
      assertThat(relay.info().arguments().map(List::of).orElseThrow())
          .startsWith("@" + options.toRealPath(), "-Xmx64m", "-Xmn2m", "-jar");
    } finally {
      relay.destroy();
      relay.waitFor(30, TimeUnit.SECONDS);
    }

    verifyUnit(prefix.resolve("conifer/lib/systemd/conifer.service"), prefix.resolve("conifer"));
  }

  @Test
  void debHoldsTheRuntimeUnitConfigAndUserCreationAndItsConiferRuns() throws Exception {
    assumeTrue(onPath("dpkg-deb") != null, "dpkg-deb is not installed; skipped");
    Path script = Path.of("..", "packaging", "build-deb").toAbsolutePath().normalize();
    Path deb = Path.of(run(dir, script.toString(), tarball.toString(), dir.toString()).strip());
    assertThat(deb.getFileName().toString()).matches("conifer_[^_]+~SNAPSHOT_(amd64|arm64)\\.deb");

    String info = run(dir, "dpkg-deb", "--info", deb.toString());
    assertThat(info).contains("Package: conifer", "Depends: adduser", "Section: net");
    String contents = run(dir, "dpkg-deb", "--contents", deb.toString());
    assertThat(contents)
        .contains(
            "./opt/conifer/bin/conifer",
            "./opt/conifer/lib/conifer.jar",
            "./opt/conifer/runtime/bin/java",
            "./usr/bin/conifer",
            "root/root", // --root-owner-group: no build user's ids in the package
            "./etc/conifer/conifer.toml",
            "./lib/systemd/system/conifer.service");
    Path control = dir.resolve("DEBIAN");
    run(dir, "dpkg-deb", "--control", deb.toString(), control.toString());
    assertThat(Files.readString(control.resolve("conffiles")).strip())
        .isEqualTo("/etc/conifer/conifer.toml");
    String postinst = Files.readString(control.resolve("postinst"));
    assertThat(postinst).contains("adduser --system --group --home /var/lib/conifer");
    for (String maintainerScript : List.of("postinst", "prerm", "postrm")) {
      run(dir, "sh", "-n", control.resolve(maintainerScript).toString());
    }

    Path root = dir.resolve("root");
    run(dir, "dpkg-deb", "--extract", deb.toString(), root.toString());
    Path conifer = root.resolve("opt/conifer/bin/conifer");
    assertThat(run(dir, conifer.toString(), "--version")).startsWith("conifer ");
    Path config = root.resolve("etc/conifer/conifer.toml");
    assertThat(
            run(dir, conifer.toString(), "node", "--config", config.toString(), "--print-config"))
        .contains("/var/lib/conifer", "relay-only");
    assertThat(Files.readString(root.resolve("usr/bin/conifer")))
        .contains("exec /opt/conifer/bin/conifer");
    verifyUnit(root.resolve("lib/systemd/system/conifer.service"), root.resolve("opt/conifer"));
  }

  /** The unit with its /opt/conifer paths pointed at {@code installed}, where systemd exists. */
  private void verifyUnit(Path unitFile, Path installed) throws Exception {
    String analyze = onPath("systemd-analyze");
    if (analyze == null) {
      System.out.println("systemd-analyze is not installed: the unit was not verified");
      return;
    }
    String unit = Files.readString(unitFile).replace("/opt/conifer/", installed + "/");
    Path copy = Files.writeString(dir.resolve("conifer.service"), unit);
    assertThat(run(dir, analyze, "verify", copy.toString())).isEmpty();
  }
}
