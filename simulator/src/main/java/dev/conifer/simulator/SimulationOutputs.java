package dev.conifer.simulator;

import dev.conifer.snek.wire.FrameType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a run's files: {@code summary.json}, {@code timeseries.csv} (one row per sample interval),
 * {@code events.csv} (churn events and their recovery times), {@code report.html} and one {@code
 * debug-N.txt} per scenario Debug command, and {@code losses.txt} when anything was lost after the
 * network converged (each lost probe with its path, each loss of convergence with no event and the
 * node that broke it).
 */
public final class SimulationOutputs {
  private SimulationOutputs() {}

  public static void write(SimulationResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("summary.json"), result.summaryJson() + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("timeseries.csv"), timeSeriesCsv(result), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("events.csv"), eventsCsv(result), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("report.html"), ReportHtml.render(result), StandardCharsets.UTF_8);
    String losses = lossesText(result);
    if (!losses.isEmpty()) {
      Files.writeString(dir.resolve("losses.txt"), losses, StandardCharsets.UTF_8);
    }
    for (int i = 0; i < result.debugDumps().size(); i++) {
      Files.writeString(
          dir.resolve("debug-" + (i + 1) + ".txt"),
          result.debugDumps().get(i),
          StandardCharsets.UTF_8);
    }
  }

  static String lossesText(SimulationResult r) {
    StringBuilder sb = new StringBuilder();
    for (String loss : r.convergenceLosses()) {
      sb.append(loss).append('\n');
    }
    if (!r.lostAfterConvergence().isEmpty()) {
      sb.append("# probes sent from ").append(r.measureFromText()).append(" and not delivered\n");
    }
    for (String probe : r.lostAfterConvergence()) {
      sb.append("lost ").append(probe).append('\n');
    }
    return sb.toString();
  }

  /** Per-bucket probe figures: {sent, delivered, firstStretchSum, firstCount, estSum, estCount}. */
  static double[][] probeBuckets(SimulationResult r) {
    TimeSeries s = r.series();
    double[][] b = new double[6][s.bucketCount()];
    long timeout = r.config().probeTimeoutNs();
    for (ProbeTracker.Probe p : r.probes()) {
      int i = s.bucketOf(p.sentNs);
      boolean delivered = p.delivered(timeout);
      if (p.kind == ProbeTracker.Kind.FIRST) {
        b[0][i]++;
        if (delivered) {
          b[1][i]++;
          if (!p.treeRouted) {
            b[2][i] += p.stretch();
            b[3][i]++;
          }
        }
      } else if (p.kind == ProbeTracker.Kind.ESTABLISHED && delivered && p.treeRouted) {
        b[4][i] += p.stretch();
        b[5][i]++;
      }
    }
    return b;
  }

  static String timeSeriesCsv(SimulationResult r) {
    TimeSeries s = r.series();
    double[][] probes = probeBuckets(r);
    StringBuilder sb = new StringBuilder();
    sb.append(
        "t_s,live_nodes,up_links,components,root_ok,snake_ok,converged,probes_sent,"
            + "probes_delivered,delivery_ratio,stretch_first_mean,stretch_established_mean,"
            + "routes_mean,routes_max");
    for (FrameType type : FrameType.values()) {
      sb.append(",bytes_per_node_s_").append(SummaryJson.typeName(type));
    }
    for (FrameType type : FrameType.values()) {
      sb.append(",dropped_").append(SummaryJson.typeName(type));
    }
    sb.append('\n');
    double intervalS = s.intervalNs() / 1e9;
    for (int i = 0; i < s.bucketCount(); i++) {
      sb.append(fmt(Math.min((i + 1) * intervalS, r.config().durationNs() / 1e9)))
          .append(',')
          .append(s.liveNodes[i])
          .append(',')
          .append(s.upLinks[i])
          .append(',')
          .append(s.components[i])
          .append(',')
          .append(s.rootCorrect[i])
          .append(',')
          .append(s.snakeCorrect[i])
          .append(',')
          .append(s.converged[i] ? 1 : 0)
          .append(',')
          .append((long) probes[0][i])
          .append(',')
          .append((long) probes[1][i])
          .append(',')
          .append(fmt(div(probes[1][i], probes[0][i])))
          .append(',')
          .append(fmt(div(probes[2][i], probes[3][i])))
          .append(',')
          .append(fmt(div(probes[4][i], probes[5][i])))
          .append(',')
          .append(fmt(s.routesMean[i]))
          .append(',')
          .append(s.routesMax[i]);
      for (FrameType type : FrameType.values()) {
        double live = Math.max(1, s.liveNodes[i]);
        sb.append(',').append(fmt(s.bytesByType[type.code()][i] / live / intervalS));
      }
      for (FrameType type : FrameType.values()) {
        sb.append(',').append(s.droppedByType[type.code()][i]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String eventsCsv(SimulationResult r) {
    StringBuilder sb = new StringBuilder("t_s,kind,detail,recovery_s\n");
    for (ChurnEvent e : r.events()) {
      sb.append(fmt(e.timeNs() / 1e9))
          .append(',')
          .append(e.kind())
          .append(",\"")
          .append(e.detail().replace("\"", "\"\""))
          .append("\",")
          .append(e.recoveryNs() < 0 ? "" : fmt(e.recoveryNs() / 1e9))
          .append('\n');
    }
    return sb.toString();
  }

  static double div(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("\\.?0+$", "");
  }
}
