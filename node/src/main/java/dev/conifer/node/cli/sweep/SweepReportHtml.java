package dev.conifer.node.cli.sweep;

import dev.conifer.simulator.report.Ratios;
import dev.conifer.simulator.report.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep's {@code sweep.html}: the main figures of every run (linked to its own report), then
 * per combination of varied options the spread over seeds. Self-contained, no scripts.
 */
public final class SweepReportHtml {
  /** Summary fields shown per run: column, heading. */
  private static final String[][] FIGURES = {
    {"delivery.ratio", "delivery"},
    {"convergence.firstConvergedS", "first converged (s)"},
    {"convergence.convergedAtEnd", "converged at end"},
    {"stretch.firstPacket.mean", "first-packet stretch"},
    {"stretch.establishedFlow.mean", "established stretch"},
    {"overhead.bytesPerNodePerSecond.control", "control B/node/s"},
    {"events", "events"}
  };

  /** Figures summarised over seeds: column, heading, true for a ratio. */
  private static final String[] SPREAD = {
    "delivery.ratio",
    "convergence.firstConvergedS",
    "stretch.firstPacket.mean",
    "stretch.establishedFlow.mean",
    "overhead.bytesPerNodePerSecond.control"
  };

  private SweepReportHtml() {}

  public static String render(SweepTable table, List<SweepOutcome> outcomes, List<String> shared) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Conifer sweep</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}.fail{color:#b00}</style>")
        .append("</head><body><h1>Conifer simulation sweep</h1>");
    h.append("<p>Shared options: <code>")
        .append(SvgChart.esc(shared.isEmpty() ? "(none)" : String.join(" ", shared)))
        .append("</code>. ")
        .append(outcomes.size())
        .append(" runs, ")
        .append(outcomes.stream().filter(o -> !o.succeeded()).count())
        .append(" failed. The table is <code>sweep.csv</code>.</p>");
    runs(h, table, outcomes);
    spread(h, table, outcomes);
    return h.append("</body></html>\n").toString();
  }

  private static void runs(StringBuilder h, SweepTable table, List<SweepOutcome> outcomes) {
    h.append("<h2>Runs</h2><table><tr><th>run</th><th>seed</th><th>options</th>");
    for (String[] f : FIGURES) {
      h.append("<th>").append(SvgChart.esc(f[1])).append("</th>");
    }
    h.append("</tr>");
    for (int i = 0; i < outcomes.size(); i++) {
      SweepOutcome o = outcomes.get(i);
      String id = o.run().id();
      h.append("<tr><td><a href=\"runs/")
          .append(id)
          .append("/report.html\">")
          .append(id)
          .append("</a></td><td>")
          .append(o.run().seed())
          .append("</td><td>")
          .append(SvgChart.esc(o.run().combination()))
          .append("</td>");
      if (!o.succeeded()) {
        h.append("<td class=\"fail\" colspan=\"")
            .append(FIGURES.length)
            .append("\">exit ")
            .append(o.exitCode())
            .append(": ")
            .append(SvgChart.esc(o.failure() == null ? "" : o.failure()))
            .append("</td></tr>");
        continue;
      }
      for (String[] f : FIGURES) {
        String v = table.value(i, f[0]);
        if (f[0].equals("delivery.ratio") && !v.isEmpty()) {
          v = Ratios.format(Double.parseDouble(v));
        }
        h.append("<td>").append(SvgChart.esc(v.isEmpty() ? "–" : v)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static void spread(StringBuilder h, SweepTable table, List<SweepOutcome> outcomes) {
    Map<String, List<Integer>> byCombination = new LinkedHashMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      byCombination
          .computeIfAbsent(outcomes.get(i).run().combination(), k -> new ArrayList<>())
          .add(i);
    }
    h.append("<h2>Over seeds</h2><p>Mean, and min – max in brackets, of the runs that worked;")
        .append(" n is how many had a value.</p><table><tr><th>options</th><th>runs ok</th>");
    for (String f : SPREAD) {
      h.append("<th>").append(SvgChart.esc(f)).append("</th>");
    }
    h.append("</tr>");
    for (Map.Entry<String, List<Integer>> e : byCombination.entrySet()) {
      long ok = e.getValue().stream().filter(i -> outcomes.get(i).succeeded()).count();
      h.append("<tr><td>")
          .append(SvgChart.esc(e.getKey()))
          .append("</td><td>")
          .append(ok)
          .append(" of ")
          .append(e.getValue().size())
          .append("</td>");
      for (String f : SPREAD) {
        h.append("<td>").append(SvgChart.esc(spreadOf(table, e.getValue(), f))).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /** "mean (min – max), n=K" over the rows that have the column, or "–". */
  static String spreadOf(SweepTable table, List<Integer> rows, String column) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (int i : rows) {
      String v = table.value(i, column);
      if (v.isEmpty()) {
        continue;
      }
      double d = Double.parseDouble(v);
      sum += d;
      min = Math.min(min, d);
      max = Math.max(max, d);
      n++;
    }
    if (n == 0) {
      return "–";
    }
    boolean ratio = column.endsWith("ratio");
    return number(sum / n, ratio)
        + " ("
        + number(min, ratio)
        + " – "
        + number(max, ratio)
        + "), n="
        + n;
  }

  private static String number(double v, boolean ratio) {
    return ratio ? Ratios.format(v) : String.format(Locale.ROOT, "%.4g", v);
  }
}
