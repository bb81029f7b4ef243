package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StderrTerminalTest {
  @Test
  void terminalsAreTheTtyAndPtyDevices() {
    assertThat(StderrTerminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("/dev/console")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("pipe:[123456]")).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("/tmp/err.log")).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("/dev/null")).isFalse();
  }

  @Test
  void aTestRunsWithStderrOnAPipeOrFileSoItIsNoTerminal() {
    assertThat(StderrTerminal.isTerminal()).isFalse(); // surefire captures stderr
  }
}
