package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceClockTest {
  private static final long MS = 1_000_000L;

  @Test
  void followsTheMonotonicClockFromTheWallClockAtStart() {
    SequenceClock clock = new SequenceClock(5 * MS, 1_700_000_000_000L);
    assertThat(clock.next(5 * MS)).isEqualTo(1_700_000_000_000L);
    assertThat(clock.next(1_005 * MS)).isEqualTo(1_700_000_001_000L);
  }

  @Test
  void staysStrictlyIncreasingWithinOneMillisecond() {
    SequenceClock clock = new SequenceClock(0, 1_000L);
    long first = clock.next(0);
    assertThat(clock.next(0)).isEqualTo(first + 1);
    assertThat(clock.next(MS / 2)).isEqualTo(first + 2);
    assertThat(clock.next(10 * MS)).isEqualTo(1_010L);
  }
}
