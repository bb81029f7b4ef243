package dev.conifer.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AxisTicksTest {
  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(AxisTicks.niceStep(22.9)).isEqualTo(50.0);
    assertThat(AxisTicks.niceStep(18)).isEqualTo(20.0);
    assertThat(AxisTicks.niceStep(0.072)).isEqualTo(0.1);
    assertThat(AxisTicks.niceStep(0.0013)).isEqualTo(0.002);
    assertThat(AxisTicks.niceStep(3_100)).isEqualTo(5_000.0);
    assertThat(AxisTicks.niceStep(1)).isEqualTo(1.0);
  }

  @Test
  void ticksCoverTheRangeFromMultiplesOfTheStep() {
    assertThat(AxisTicks.linear(0, 120, 5)).containsExactly(0, 50, 100, 150);
    assertThat(AxisTicks.linear(0, 1, 5)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
    assertThat(AxisTicks.linear(2.88, 91.6, 4)).containsExactly(0, 50, 100);
    assertThat(AxisTicks.linear(0.3, 0.7, 4)).containsExactly(0.3, 0.4, 0.5, 0.6, 0.7);
  }

  @Test
  void labelsCarryOnlyTheDecimalsTheStepNeeds() {
    assertThat(AxisTicks.label(0.30000000000000004, 0.1)).isEqualTo("0.3");
    assertThat(AxisTicks.label(40, 20)).isEqualTo("40");
    assertThat(AxisTicks.label(0, 0.2)).isEqualTo("0");
    assertThat(AxisTicks.label(20_000, 5_000)).isEqualTo("20k");
    assertThat(AxisTicks.label(1_500_000, 500_000)).isEqualTo("1.5M");
  }

  @Test
  void logarithmicTicksArePowersOfTenAroundTheData() {
    assertThat(AxisTicks.logarithmic(3.2, 4_700)).containsExactly(1, 10, 100, 1_000, 10_000);
    assertThat(AxisTicks.logarithmic(0.05, 0.05)).containsExactly(0.01, 0.1);
  }

  /** Property: for any range, the ticks are evenly spaced nice steps that enclose it. */
  @Test
  void anyRangeGetsFewEvenNiceTicksThatEncloseIt() {
    long seed = Long.getLong("sim.seed", 17);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2_000; i++) {
      double min = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 7));
      // Charts plot ranges wider than a millionth of their magnitude; narrower ones are not nice.
      double width = random.nextDouble() * Math.pow(10, random.nextInt(-3, 7)) + 1e-6;
      double max = min + Math.max(width, Math.abs(min) * 1e-6);
      double[] ticks = AxisTicks.linear(min, max, 5);
      String why = "seed " + seed + ", case " + i + ": [" + min + ", " + max + "]";
      assertThat(ticks.length).as(why).isBetween(2, 12);
      double step = ticks[1] - ticks[0];
      assertThat(ticks[0]).as(why).isLessThanOrEqualTo(min + step * 1e-9);
      assertThat(ticks[ticks.length - 1]).as(why).isGreaterThanOrEqualTo(max - step * 1e-9);
      double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
      assertThat(Math.round(mantissa)).as(why).isIn(1L, 2L, 5L, 10L);
      for (int k = 1; k < ticks.length; k++) {
        assertThat(ticks[k] - ticks[k - 1]).as(why).isCloseTo(step, withinRelative(step));
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> withinRelative(double step) {
    return org.assertj.core.data.Offset.offset(step * 1e-6);
  }
}
