package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 22 item 3: the repository's {@code ./conifer} gives {@code conifer node} the JVM options in
 * {@code packaging/node.jvm-options} (plus {@code -Xmx64m -Xmn2m} with {@code --relay-only}),
 * {@code CONIFER_JAVA_OPTS} replaces them, other commands get none; and the JVM accepts the file.
 * The tarball and the container image read the same file (PackageTarballIT, OciImageIT).
 */
@Timeout(120)
class LauncherDefaultsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path OPTIONS = ROOT.resolve("packaging/node.jvm-options");

  /** Runs {@code command} with {@code env} changes (a null value removes); stdout, exit 0. */
  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("CONIFER_JAVA_OPTS");
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
    return output.strip();
  }

  /** The JVM options ./conifer would run with for {@code args}, CONIFER_JAVA_OPTS unset. */
  private static String launcherOptions(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = ROOT.resolve("conifer").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    return run(Map.of("CONIFER_PRINT_JAVA_OPTS", "1"), command);
  }

  @Test
  void nodeGetsTheOptionFileAndARelayASmallerHeap() throws Exception {
    String file = "@" + OPTIONS.toRealPath();
    assertThat(launcherOptions("node", "--listen", "tcp://127.0.0.1:0")).isEqualTo(file);
    assertThat(launcherOptions("node", "--relay-only")).isEqualTo(file + " -Xmx64m -Xmn2m");
    assertThat(launcherOptions("ping", "--help")).isEmpty();
  }

  @Test
  void shortControlCommandsStartWithTheClientCompiler() throws Exception {
    for (String command : List.of("status", "peers", "key", "keygen", "replicate", "sync")) {
      assertThat(launcherOptions(command, "--help"))
          .as(command)
          .isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    }
    assertThat(launcherOptions("nc", "--help")).isEmpty();
    assertThat(launcherOptions("sim", "--help"))
        .isEqualTo("-XX:+UseParallelGC -XX:+UseTransparentHugePages");
    String launcher = ROOT.resolve("conifer").toString();
    Map<String, String> env = Map.of("CONIFER_PRINT_JAVA_OPTS", "1", "CONIFER_JAVA_OPTS", "-Xmx1g");
    assertThat(run(env, launcher, "status")).isEqualTo("-Xmx1g");
  }

  @Test
  void coniferJavaOptsReplacesTheDefaults() throws Exception {
    String launcher = ROOT.resolve("conifer").toString();
    Map<String, String> env = Map.of("CONIFER_PRINT_JAVA_OPTS", "1", "CONIFER_JAVA_OPTS", "-Xmx1g");
    assertThat(run(env, launcher, "node", "--relay-only")).isEqualTo("-Xmx1g");
    Map<String, String> empty = Map.of("CONIFER_PRINT_JAVA_OPTS", "1", "CONIFER_JAVA_OPTS", "");
    assertThat(run(empty, launcher, "node")).isEmpty();
  }

  @Test
  void theJvmAcceptsEveryDefaultOption() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String flags = run(Map.of(), java, "@" + OPTIONS, "-XX:+PrintFlagsFinal", "-version");
    assertThat(flags).containsPattern("bool UseSerialGC += true").contains("MaxHeapSize");
  }
}
