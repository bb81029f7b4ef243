package dev.conifer.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimRandomTest {
  @Test
  void sameSeedGivesSameSequence() {
    SimRandom a = new SimRandom(42);
    SimRandom b = new SimRandom(42);
    for (int i = 0; i < 1000; i++) {
      assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
    assertThat(new SimRandom(43).nextLong()).isNotEqualTo(new SimRandom(42).nextLong());
  }

  @Test
  void streamsForDifferentPurposesDiffer() {
    assertThat(SimRandom.stream(1, "churn").nextLong())
        .isNotEqualTo(SimRandom.stream(1, "probes").nextLong());
    assertThat(SimRandom.stream(1, "churn").nextLong())
        .isEqualTo(SimRandom.stream(1, "churn").nextLong());
  }

  @Test
  void nextIntStaysInBoundsAndCoversThem() {
    SimRandom r = new SimRandom(7);
    int[] counts = new int[10];
    for (int i = 0; i < 100_000; i++) {
      counts[r.nextInt(10)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
    assertThatThrownBy(() -> r.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextDoubleAndLongBoundAreInRange() {
    SimRandom r = new SimRandom(9);
    double sum = 0;
    for (int i = 0; i < 10_000; i++) {
      double d = r.nextDouble();
      assertThat(d).isGreaterThanOrEqualTo(0).isLessThan(1);
      sum += d;
      assertThat(r.nextLong(3)).isBetween(0L, 2L);
    }
    assertThat(sum / 10_000).isBetween(0.48, 0.52);
    assertThat(r.nextExponential(2.0)).isGreaterThanOrEqualTo(0);
  }
}
