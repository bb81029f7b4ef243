package dev.conifer.simulator;

import dev.conifer.simulator.report.Distribution;
import dev.conifer.simulator.report.Ratios;
import dev.conifer.simulator.report.SvgChart;
import dev.conifer.snek.wire.FrameType;
import java.util.Locale;

/** The self-contained {@code report.html}: a metrics table and inline SVG plots, no scripts. */
final class ReportHtml {
  private static final int EVENT_ROWS_MAX = 200;
  private static final int MARKERS_MAX = 100;

  private ReportHtml() {}

  static String render(SimulationResult r) {
    SimulationConfig c = r.config();
    TimeSeries s = r.series();
    double[][] probes = SimulationOutputs.probeBuckets(r);
    int n = s.bucketCount();
    double[] t = new double[n];
    double[] delivery = new double[n];
    double[] rootOk = new double[n];
    double[] snakeOk = new double[n];
    double[] routesMean = new double[n];
    double[] routesMax = new double[n];
    double intervalS = s.intervalNs() / 1e9;
    for (int i = 0; i < n; i++) {
      t[i] = (i + 1) * intervalS;
      delivery[i] = SimulationOutputs.div(probes[1][i], probes[0][i]);
      double live = Math.max(1, s.liveNodes[i]);
      rootOk[i] = s.sampled[i] ? s.rootCorrect[i] / live : Double.NaN;
      snakeOk[i] = s.sampled[i] ? s.snakeCorrect[i] / live : Double.NaN;
      routesMean[i] = s.routesMean[i];
      routesMax[i] = s.routesMax[i];
    }
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Conifer simulation: ")
        .append(SvgChart.esc(c.topologyLabel()))
        .append(
            "</title><style>body{font-family:sans-serif;max-width:980px;margin:2em auto;}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
                + "text-align:left}h2{margin-top:1.6em}</style></head><body>");
    h.append("<h1>Conifer simulation</h1><p>")
        .append(SvgChart.esc(c.topologyLabel()))
        .append(", seed ")
        .append(c.seed())
        .append(", ")
        .append(r.nodeCount())
        .append(" nodes, ")
        .append(Durations.seconds(c.durationNs()))
        .append(" s of virtual time, liveness ")
        .append(c.liveness().name().toLowerCase(Locale.ROOT))
        .append(". Definitions are in docs/SIMULATOR.md.</p>");
    h.append("<h2>Summary</h2><table>");
    row(h, "converged at end", String.valueOf(r.convergedAtEnd()));
    row(
        h,
        "first converged (root agreed and snake correct everywhere)",
        r.firstConvergedNs() < 0 ? "never" : Durations.seconds(r.firstConvergedNs()) + " s");
    long[] d = r.delivery(r.measureFromNs());
    row(
        h,
        "delivery ratio (pairs uniform over all pairs, from first convergence)",
        Ratios.format(r.deliveryRatio()) + " (" + d[1] + " of " + d[0] + ")");
    stats(h, "stretch, first packets (snake-routed)", r.firstPacketStretch());
    stats(h, "stretch, established flows (tree-routed)", r.establishedStretch());
    stats(h, "stretch, ideal greedy tree routing, same pairs", r.idealEstablishedStretch());
    stats(h, "recovery time after churn events (s)", r.recoveryTimes());
    h.append("</table>");

    SvgChart deliveryChart =
        new SvgChart("Delivery ratio and convergence over time", "virtual time (s)", "share")
            .yRange(0, 1)
            .line("delivery ratio", t, delivery)
            .line("root correct", t, rootOk)
            .line("snake correct", t, snakeOk);
    int markers = 0;
    for (ChurnEvent e : r.events()) {
      if (markers++ < MARKERS_MAX) {
        deliveryChart.marker(e.timeNs() / 1e9);
      }
    }
    h.append(
            "<h2>Delivery over time</h2><p>Probes by send time; dashed lines are churn events.</p>")
        .append(deliveryChart.render());

    h.append(
            "<h2>Stretch distribution</h2><p>Cumulative share of delivered probes with stretch "
                + "at most x (hops taken ÷ BFS shortest hops).</p>")
        .append(
            new SvgChart("Stretch CDF", "stretch", "share of probes")
                .yRange(0, 1)
                .line("first packets", cdfX(r.firstPacketStretch()), cdfY(r.firstPacketStretch()))
                .line(
                    "established flows", cdfX(r.establishedStretch()), cdfY(r.establishedStretch()))
                .render());

    SvgChart overhead =
        new SvgChart(
                "Bytes sent per node per second, by frame type (log scale)",
                "virtual time (s)",
                "B/node/s")
            .logY();
    String[] labels = new String[FrameType.values().length];
    double[] totals = new double[labels.length];
    double nodeSeconds = s.nodeSeconds();
    for (FrameType type : FrameType.values()) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = s.bytesByType[type.code()][i] / Math.max(1, s.liveNodes[i]) / intervalS;
      }
      overhead.line(SummaryJson.typeName(type), t, y);
      labels[type.code()] = SummaryJson.typeName(type);
      totals[type.code()] = nodeSeconds == 0 ? 0 : s.totalBytes(type) / nodeSeconds;
    }
    h.append(
            "<h2>Overhead</h2><p>Log scale, so that wakeup-broadcast spikes do not flatten the"
                + " other lines; an interval with no bytes of a type leaves a gap.</p>")
        .append(overhead.render())
        .append(SvgChart.bars("Whole run, bytes per node per second", "B/node/s", labels, totals));
    h.append("<h2>Routing state</h2>")
        .append(
            new SvgChart("Snake routing-table entries per node", "virtual time (s)", "entries")
                .line("mean", t, routesMean)
                .line("max", t, routesMax)
                .render());
    h.append("<h2>Churn events</h2>");
    if (r.events().isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append(
          "<table><tr><th>time (s)</th><th>event</th><th>detail</th><th>recovery (s)</th></tr>");
      int rows = 0;
      for (ChurnEvent e : r.events()) {
        if (rows++ == EVENT_ROWS_MAX) {
          h.append("<tr><td colspan=\"4\">… the rest are in events.csv</td></tr>");
          break;
        }
        h.append("<tr><td>")
            .append(Durations.seconds(e.timeNs()))
            .append("</td><td>")
            .append(SvgChart.esc(e.kind()))
            .append("</td><td>")
            .append(SvgChart.esc(e.detail()))
            .append("</td><td>")
            .append(e.recoveryNs() < 0 ? "not recovered" : Durations.seconds(e.recoveryNs()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    h.append("<h2>Summary line</h2><pre style=\"white-space:pre-wrap\">")
        .append(SvgChart.esc(r.summaryJson()))
        .append("</pre></body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>")
        .append(SvgChart.esc(name))
        .append("</th><td>")
        .append(SvgChart.esc(value))
        .append("</td></tr>");
  }

  private static void stats(StringBuilder h, String name, Distribution d) {
    row(
        h,
        name,
        d.count() == 0
            ? "no samples"
            : String.format(
                Locale.ROOT,
                "n=%d mean %s p50 %s p99 %s max %s",
                d.count(),
                SvgChart.num(d.mean()),
                SvgChart.num(d.percentile(50)),
                SvgChart.num(d.percentile(99)),
                SvgChart.num(d.max())));
  }

  private static double[] cdfX(Distribution d) {
    return d.sortedValues();
  }

  private static double[] cdfY(Distribution d) {
    double[] y = new double[d.count()];
    for (int i = 0; i < y.length; i++) {
      y[i] = (i + 1.0) / y.length;
    }
    return y;
  }
}
