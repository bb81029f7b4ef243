package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.CliRun;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.config.CommandConfig;
import dev.conifer.node.config.ConfigFile;
import dev.conifer.node.doorway.DoorwayConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code conifer node --config FILE}: TOML keys are the flags, flags win, typos are refused. */
class ConfigFileTest {
  private static final Pattern DOC_EXAMPLE =
      Pattern.compile(
          "<!-- conifer.toml example: parsed by ConfigFileTest -->\\s*```toml\\n(.*?)```",
          Pattern.DOTALL);

  @TempDir Path dir;

  private Path write(String toml) throws IOException {
    return Files.writeString(dir.resolve("conifer.toml"), toml);
  }

  /** What {@code conifer node ARGS} would run with, the config file applied. */
  private static NodeCommand effective(String... args) {
    NodeCommand command = new NodeCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs(args);
    return command.effective();
  }

  @Test
  void operationsDocExampleIsCompleteAndValid() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "OPERATIONS.md"));
    Matcher example = DOC_EXAMPLE.matcher(doc);
    assertThat(example.find()).as("the annotated example in docs/OPERATIONS.md").isTrue();
    ConfigFile file = ConfigFile.parse(Path.of("OPERATIONS.md"), example.group(1));

    assertThat(file.keys())
        .as("every option a config file can set")
        .containsExactlyInAnyOrderElementsOf(
            CommandConfig.keys(
                new CommandLine(new NodeCommand()).getCommandSpec(), NodeCommand.NOT_IN_CONFIG));
    NodeConfig config = effective("--config", write(example.group(1)).toString()).toConfig();
    assertThat(config.listen())
        .containsExactly(URI.create("tcp://0.0.0.0:65432"), URI.create("ws://0.0.0.0:65433/"));
    assertThat(config.connect()).containsExactly(URI.create("tcp://relay.example.org:65432"));
    assertThat(config.home()).isEqualTo(Path.of("/var/lib/conifer"));
    assertThat(config.adminToken()).isEqualTo(Path.of("/var/lib/conifer/control.token"));
    assertThat(config.sessions()).isTrue();
    assertThat(config.doorway()).isNotNull();
    assertThat(config.multicast()).isEqualTo("eth0,wl*");
  }

  @Test
  void flagsOverrideTheFileAndListsAreReplacedWhole() throws IOException {
    Path file =
        write(
            """
            listen = ["tcp://127.0.0.1:1111", "tcp://127.0.0.1:1112"]
            admin = "off"
            relay-only = true
            """);

    NodeConfig config =
        effective("--config", file.toString(), "--listen", "tcp://127.0.0.1:2222").toConfig();

    assertThat(config.listen()).containsExactly(URI.create("tcp://127.0.0.1:2222"));
    assertThat(config.admin()).isNull();
    assertThat(config.sessions()).isFalse();
  }

  @Test
  void multicastTrueMeansEveryInterface() throws IOException {
    Path file = write("multicast = true\nadmin = \"off\"\n");

    assertThat(effective("--config", file.toString()).toConfig().multicast()).isEmpty();
  }

  @Test
  void unknownKeyIsAUsageErrorNamingTheKeyAndLine() throws IOException {
    Path file = write("# a relay\nadmin = \"off\"\nlisen = [\"tcp://127.0.0.1:0\"]\n");

    CliRun run = CliRun.of("node", "--config", file.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("conifer node: " + file + " line 3: unknown key 'lisen'");
  }

  @Test
  void badTomlAndBadValuesNameTheFile() throws IOException {
    Path broken = write("listen = [\"tcp://127.0.0.1:0\"\nadmin = \n");
    CliRun syntax = CliRun.of("node", "--config", broken.toString());
    assertThat(syntax.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(syntax.err()).contains(broken.toString()).contains("line");

    Path badValue = write("admin = \"localhost\"\n");
    CliRun value = CliRun.of("node", "--config", badValue.toString());
    assertThat(value.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(value.err()).contains("--admin: expected HOST:PORT, got 'localhost'");

    CliRun missing = CliRun.of("node", "--config", dir.resolve("nope.toml").toString());
    assertThat(missing.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(missing.err()).contains("nope.toml: no such file");
  }

  @Test
  void printConfigShowsTheMergedOptionsAsTomlThatReadsBack() throws IOException {
    Path file = write("listen = [\"tcp://127.0.0.1:1111\"]\nrelay-only = true\n");

    CliRun run = CliRun.of("node", "--config", file.toString(), "--admin", "off", "--print-config");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ConfigFile printed = ConfigFile.parse(Path.of("printed"), run.out());
    assertThat(run.out()).contains("admin = 'off'").contains("relay-only = true");
    NodeConfig again = effective("--config", write(run.out()).toString()).toConfig();
    assertThat(again.listen()).containsExactly(URI.create("tcp://127.0.0.1:1111"));
    assertThat(again.admin()).isNull();
    assertThat(printed.keys()).doesNotContain("config", "print-config");
  }

  @Test
  void configKeysAreTheLongFlagsButConfigItself() {
    assertThat(
            CommandConfig.keys(
                new CommandLine(new NodeCommand()).getCommandSpec(), NodeCommand.NOT_IN_CONFIG))
        .containsExactly(
            "key",
            "data",
            "listen",
            "connect",
            "admin",
            "doorway",
            "doorway-ns",
            "doorway-max-blob",
            "doorway-max-value",
            "doorway-max-keys",
            "doorway-workers",
            "doorway-queue",
            "doorway-connections",
            "doorway-rate",
            "doorway-burst",
            "doorway-max-header",
            "doorway-request-timeout",
            "doorway-write-timeout",
            "doorway-holders",
            "doorway-probe-timeout",
            "admin-token",
            "role",
            "cluster",
            "echo",
            "relay-only",
            "multicast");
  }

  @Test
  void doorwayLimitsComeFromTheConfigFileFlagsWinAndPrintConfigShowsThem() throws IOException {
    Path file =
        write(
            "data = \"d\"\ndoorway = \"127.0.0.1:0\"\ndoorway-ns = [\"family\", \"school\"]\n"
                + "doorway-workers = 4\ndoorway-queue = 0\ndoorway-rate = 2.5\n"
                + "doorway-request-timeout = \"1500ms\"\ndoorway-max-value = 1000\n");

    DoorwayConfig d =
        effective("--config", file.toString(), "--doorway-workers", "7").toConfig().doorway();

    assertThat(d.workers()).as("the flag wins").isEqualTo(7);
    assertThat(d.queue()).isZero();
    assertThat(d.requestsPerSecond()).isEqualTo(2.5);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(d.valueLengthMax()).isEqualTo(1000);
    assertThat(d.namespaces()).containsExactly("family", "school");
    assertThat(d.burst()).as("a default").isEqualTo(DoorwayConfig.BURST_DEFAULT);

    CliRun printed = CliRun.of("node", "--config", file.toString(), "--print-config");
    assertThat(printed.out())
        .contains("doorway-workers = 4")
        .contains("doorway-request-timeout = '1500ms'")
        .contains("doorway-write-timeout = '30s'")
        .contains("doorway-connections = 1024");
    DoorwayConfig again =
        effective("--config", write(printed.out()).toString()).toConfig().doorway();
    assertThat(again).isEqualTo(new DoorwayConfig.Builder(d).workers(4, 0).build());

    CliRun bad =
        CliRun.of(
            "node",
            "--config",
            write("data = \"d\"\ndoorway = \"127.0.0.1:0\"\ndoorway-write-timeout = \"soon\"\n")
                .toString());
    assertThat(bad.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(bad.err()).contains("--doorway-write-timeout").contains("soon");
  }
}
