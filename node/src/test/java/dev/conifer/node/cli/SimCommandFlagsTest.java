package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flags take an optional true|false, so that a sweep can vary them ({@code --vary}). */
class SimCommandFlagsTest {
  private static SimCommand parse(String... args) {
    SimCommand sim = new SimCommand();
    new CommandLine(sim).parseArgs(args);
    return sim;
  }

  @Test
  void aFlagAloneIsOnAndTakesAnExplicitValue() {
    assertThat(
            parse("--generate", "line:3", "--no-broadcasts")
                .config()
                .snekConfig()
                .broadcastsEnabled())
        .isFalse();
    assertThat(
            parse("--generate", "line:3", "--no-broadcasts=false")
                .config()
                .snekConfig()
                .broadcastsEnabled())
        .isTrue();
    assertThat(
            parse("--hop-limiting=true", "--generate", "line:3")
                .config()
                .snekConfig()
                .hopLimiting())
        .isTrue();
    assertThat(parse("--generate", "line:3").config().snekConfig().hopLimiting()).isFalse();
  }
}
