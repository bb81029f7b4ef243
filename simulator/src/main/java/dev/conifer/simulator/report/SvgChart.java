package dev.conifer.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Minimal inline-SVG line and bar charts for the self-contained HTML report. */
public final class SvgChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"
  };
  private static final int WIDTH = 760;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 150;
  private static final int TOP = 30;
  private static final int BOTTOM = 42;

  private record Series(String label, double[] x, double[] y) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<double[]> markers = new ArrayList<>();
  private Double yMinFixed;
  private Double yMaxFixed;
  private boolean logY;

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgChart line(String label, double[] x, double[] y) {
    series.add(new Series(label, x, y));
    return this;
  }

  public SvgChart yRange(double min, double max) {
    yMinFixed = min;
    yMaxFixed = max;
    return this;
  }

  /**
   * A logarithmic y axis, so that one series' spikes (wakeup broadcasts) do not flatten the rest;
   * values at or below zero are left out of the lines.
   */
  public SvgChart logY() {
    logY = true;
    return this;
  }

  /** A dashed vertical line at {@code x} (churn events). */
  public SvgChart marker(double x) {
    markers.add(new double[] {x});
    return this;
  }

  public String render() {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (!plotted(s.y[i])) {
          continue;
        }
        xMin = Math.min(xMin, s.x[i]);
        xMax = Math.max(xMax, s.x[i]);
        yMin = Math.min(yMin, s.y[i]);
        yMax = Math.max(yMax, s.y[i]);
      }
    }
    if (xMin > xMax) {
      return "<p><em>" + esc(title) + ": no data</em></p>";
    }
    if (yMinFixed != null) {
      yMin = yMinFixed;
      yMax = Math.max(yMaxFixed, yMax);
    } else if (!logY) {
      yMin = Math.min(0, yMin);
    }
    double[] xTicks = AxisTicks.linear(xMin, Math.max(xMax, xMin + 1e-9), 5);
    double[] yTicks =
        logY
            ? AxisTicks.logarithmic(yMin, yMax)
            : AxisTicks.linear(yMin, Math.max(yMax, yMin + 1e-9), 5);
    // The axes span whole ticks, so the first and last gridlines sit on the frame.
    xMin = xTicks[0];
    xMax = Math.max(xTicks[xTicks.length - 1], xMin + 1);
    yMin = yTicks[0];
    yMax = Math.max(yTicks[yTicks.length - 1], yMin + (logY ? yMin * 9 : 1));
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">",
            WIDTH,
            HEIGHT));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
            LEFT,
            esc(title)));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
            LEFT,
            TOP,
            plotW,
            plotH));
    double xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1;
    for (double xv : xTicks) {
      double px = LEFT + plotW * (xv - xMin) / (xMax - xMin);
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              px,
              TOP + plotH + 14,
              AxisTicks.label(xv, xStep)));
    }
    double yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
    for (double yv : yTicks) {
      double py = TOP + plotH - plotH * scaled(yv, yMin, yMax);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              LEFT,
              LEFT + plotW,
              py,
              py,
              LEFT - 4,
              py + 4,
              AxisTicks.label(yv, logY ? yv : yStep)));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                + "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
            LEFT + plotW / 2,
            HEIGHT - 8,
            esc(xLabel),
            TOP + plotH / 2,
            esc(yLabel)));
    for (double[] m : markers) {
      double px = LEFT + plotW * (m[0] - xMin) / (xMax - xMin);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#bbb\" "
                  + "stroke-dasharray=\"3,3\"/>",
              px,
              px,
              TOP,
              TOP + plotH));
    }
    for (int s = 0; s < series.size(); s++) {
      Series ser = series.get(s);
      String color = COLORS[s % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < ser.x.length; i++) {
        if (!plotted(ser.y[i])) {
          continue;
        }
        double px = LEFT + plotW * (ser.x[i] - xMin) / (xMax - xMin);
        double py = TOP + plotH - plotH * scaled(ser.y[i], yMin, yMax);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
              color,
              points.toString().trim()));
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>",
              LEFT + plotW + 10,
              TOP + 16 * s,
              color,
              LEFT + plotW + 24,
              TOP + 16 * s + 9,
              esc(ser.label)));
    }
    return sb.append("</svg>").toString();
  }

  private boolean plotted(double y) {
    return !Double.isNaN(y) && (!logY || y > 0);
  }

  /** Where {@code y} sits between the axis ends, 0 to 1, on the axis's scale. */
  private double scaled(double y, double min, double max) {
    return logY
        ? (Math.log10(y) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
        : (y - min) / (max - min);
  }

  /** Horizontal bars, one per category. */
  public static String bars(String title, String unit, String[] labels, double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    int rowH = 22;
    int height = 30 + rowH * labels.length + 10;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">"
                + "<text x=\"10\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
            WIDTH,
            height,
            esc(title)));
    for (int i = 0; i < labels.length; i++) {
      double w = max == 0 ? 0 : (WIDTH - 330) * values[i] / max;
      int y = 30 + rowH * i;
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"150\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"156\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\">%s %s</text>",
              y + 11,
              esc(labels[i]),
              y,
              w,
              COLORS[i % COLORS.length],
              160 + w,
              y + 11,
              num(values[i]),
              esc(unit)));
    }
    return sb.append("</svg>").toString();
  }

  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    if (a >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
