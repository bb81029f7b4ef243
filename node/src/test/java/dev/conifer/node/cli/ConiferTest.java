package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.CliRun;
import org.junit.jupiter.api.Test;

class ConiferTest {
  @Test
  void listsEverySubcommandInHelp() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("node", "ping", "status", "keygen", "sim");
  }

  @Test
  void registersTheSimulatorCommand() {
    CliRun run = CliRun.of("sim", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: conifer sim");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err()).contains("conifer: missing subcommand");
  }

  @Test
  void unknownOptionIsAOneLineUsageErrorWithoutStackTrace() {
    CliRun run = CliRun.of("node", "--frobnicate");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err())
        .contains("conifer node: Unknown option: '--frobnicate'")
        .contains("Try 'conifer node --help'");
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void badOptionValueNamesTheOption() {
    CliRun run = CliRun.of("ping", "--connect", "127.0.0.1:1", "--count", "many", "00");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err()).contains("--count").contains("many");
  }

  @Test
  void valueThatDoesNotParseIsAUsageErrorNamingTheFlag() {
    CliRun run = CliRun.of("status", "--admin", "nonsense");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err().lines().findFirst())
        .hasValue("conifer status: --admin: expected HOST:PORT, got 'nonsense'");
  }

  @Test
  void pingValidatesItsOptionsBeforeStartingANode() {
    String key = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";

    CliRun tooSmall = CliRun.of("ping", "--connect", "127.0.0.1:1", "--size", "8", key);
    CliRun badKey = CliRun.of("ping", "--connect", "127.0.0.1:1", "abc");
    CliRun noConnect = CliRun.of("ping", key);

    assertThat(tooSmall.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(tooSmall.err()).contains("--size must be 24..65000, got 8");
    assertThat(badKey.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(badKey.err()).contains("KEYHEX").contains("64 hex characters");
    assertThat(noConnect.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(noConnect.err()).contains("--connect");
  }
}
