package dev.conifer.simulator.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Ratios (delivery, correct-node shares) as people read them: four decimals, and never rounded to
 * exactly 1 or 0 when they are not, so that 0.99997 does not pass for a perfect run.
 */
public final class Ratios {
  private static final int DECIMALS = 4;
  private static final int SIGNIFICANT_MAX = 12;

  private Ratios() {}

  /** The value to print or store: {@code v} rounded to 4 decimals, or more if that hides a gap. */
  public static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    BigDecimal exact = BigDecimal.valueOf(v);
    for (int decimals = DECIMALS; decimals <= SIGNIFICANT_MAX; decimals++) {
      BigDecimal rounded = exact.setScale(decimals, RoundingMode.HALF_EVEN);
      if (!hidesAGap(exact, rounded)) {
        return rounded.doubleValue();
      }
    }
    return exact.round(new MathContext(SIGNIFICANT_MAX)).doubleValue();
  }

  /** As text, e.g. "0.9997", "1", "0.99997", "–" for no value. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return BigDecimal.valueOf(round(v)).stripTrailingZeros().toPlainString();
  }

  private static boolean hidesAGap(BigDecimal exact, BigDecimal rounded) {
    for (BigDecimal bound : new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ONE}) {
      if (rounded.compareTo(bound) == 0 && exact.compareTo(bound) != 0) {
        return true;
      }
    }
    return false;
  }
}
