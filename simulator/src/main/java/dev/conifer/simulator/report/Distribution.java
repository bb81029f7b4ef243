package dev.conifer.simulator.report;

import java.util.Arrays;

/** A growable sample of doubles with the summary statistics the reports use. */
public final class Distribution {
  private double[] values = new double[64];
  private int count;
  private boolean sorted = true;

  public void add(double value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
    sorted = false;
  }

  public int count() {
    return count;
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
  }

  public double mean() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += values[i];
    }
    return sum / count;
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]; NaN when empty. */
  public double percentile(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    sort();
    int rank = (int) Math.ceil(p / 100.0 * count);
    return values[Math.max(0, Math.min(count - 1, rank - 1))];
  }

  public double min() {
    if (count == 0) {
      return Double.NaN;
    }
    sort();
    return values[0];
  }

  public double max() {
    if (count == 0) {
      return Double.NaN;
    }
    sort();
    return values[count - 1];
  }

  /** A copy of the values in ascending order. */
  public double[] sortedValues() {
    sort();
    return Arrays.copyOf(values, count);
  }
}
