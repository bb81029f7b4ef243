package dev.conifer.snek.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortChangeLogTest {
  @Test
  void keepsTheLastChangesInOrderAndForgetsOlderOnes() {
    PortChangeLog log = new PortChangeLog();
    for (int port = 1; port <= 40; port++) {
      log.changed(port);
    }
    assertThat(log.count()).isEqualTo(40);
    assertThat(log.keepsFrom(40 - PortChangeLog.KEPT_MIN)).isTrue();
    assertThat(log.keepsFrom(40 - PortChangeLog.KEPT_MIN - 1)).isFalse();
    assertThat(log.port(39)).isEqualTo(40);
    assertThat(log.port(8)).isEqualTo(9);
  }

  @Test
  void growingForgetsWhatWasKeptAndThenKeepsMore() {
    PortChangeLog log = new PortChangeLog();
    log.changed(5);
    log.keepAtLeast(100);
    assertThat(log.keepsFrom(0)).as("kept before growing").isFalse();
    assertThat(log.keepsFrom(1)).isTrue();
    for (int i = 0; i < 128; i++) {
      log.changed(7 + i);
    }
    assertThat(log.keepsFrom(1)).isTrue();
    assertThat(log.port(1)).isEqualTo(7);
    log.changed(1);
    assertThat(log.keepsFrom(1)).isFalse();
  }
}
