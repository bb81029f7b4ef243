package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.CliRun;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void familyDemoConvergesAndExitsZero() {
    CliRun run = CliRun.of("demo", "family", "--seed", "1");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("converged");
  }
}
