package dev.conifer.simulator.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks a reader can take in at a glance: steps of 1, 2 or 5 × 10^k, starting at a multiple of
 * the step, so an axis reads 0, 20, 40, 60 rather than 0, 22.9, 45.8, 68.7.
 */
final class AxisTicks {
  private AxisTicks() {}

  /** Linear ticks covering [{@code min}, {@code max}], about {@code targetCount} of them. */
  static double[] linear(double min, double max, int targetCount) {
    if (!(max > min)) {
      return new double[] {min};
    }
    double step = niceStep((max - min) / Math.max(1, targetCount));
    BigDecimal exact = BigDecimal.valueOf(step);
    long first =
        BigDecimal.valueOf(min).divide(exact, 0, java.math.RoundingMode.FLOOR).longValueExact();
    long last =
        BigDecimal.valueOf(max).divide(exact, 0, java.math.RoundingMode.CEILING).longValueExact();
    double[] ticks = new double[(int) (last - first + 1)];
    for (long i = first; i <= last; i++) {
      // Through BigDecimal, so that 3 × 0.1 is 0.3 and not 0.30000000000000004.
      ticks[(int) (i - first)] = exact.multiply(BigDecimal.valueOf(i)).doubleValue();
    }
    return ticks;
  }

  /** The 1, 2 or 5 × 10^k at or just above {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return BigDecimal.valueOf(nice).multiply(BigDecimal.valueOf(magnitude)).doubleValue();
  }

  /**
   * Logarithmic ticks: the powers of ten from at or below {@code min} to at or above {@code max}.
   */
  static double[] logarithmic(double min, double max) {
    int low = (int) Math.floor(Math.log10(min));
    int high = Math.max(low + 1, (int) Math.ceil(Math.log10(max)));
    List<Double> ticks = new ArrayList<>();
    for (int k = low; k <= high; k++) {
      ticks.add(BigDecimal.ONE.scaleByPowerOfTen(k).doubleValue());
    }
    return ticks.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A tick's label: as many decimals as the step needs, no more; 1k, 20k, 1M for big values. */
  static String label(double value, double step) {
    double a = Math.abs(value);
    if (a >= 1e6 && step >= 1e5) {
      return plain(value / 1e6, step / 1e6) + "M";
    }
    if (a >= 1e4 && step >= 1e3) {
      return plain(value / 1e3, step / 1e3) + "k";
    }
    return plain(value, step);
  }

  private static String plain(double value, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    BigDecimal rounded =
        BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN);
    return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
  }
}
