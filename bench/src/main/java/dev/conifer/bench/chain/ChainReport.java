package dev.conifer.bench.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects cells across runs and prints medians, ratios and the targets as Markdown. */
final class ChainReport {
  static final double GO_WINDOW16_PPS = 3_850;

  private final Map<String, List<CellResult>> cells = new LinkedHashMap<>();
  private final StringBuilder extra = new StringBuilder();

  private static String key(String chain, int size, int window) {
    return chain + "/" + size + "/" + window;
  }

  void add(String chain, CellResult cell) {
    cells
        .computeIfAbsent(key(chain, cell.payloadLength(), cell.window()), k -> new ArrayList<>())
        .add(cell);
  }

  void addSection(String markdown) {
    extra.append(markdown).append('\n');
  }

  static double median(List<CellResult> list, ToDoubleFunction<CellResult> f) {
    double[] values = list.stream().mapToDouble(f).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private List<CellResult> get(String chain, int size, int window) {
    return cells.getOrDefault(key(chain, size, window), List.of());
  }

  String render(int[] sizes, int[] windows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| payload | window | chain | runs | packets/s (median) | MB/s | RTT p50 ms | RTT p99 ms"
            + " | RTT max ms | lost | stalls |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int size : sizes) {
      for (int window : windows) {
        for (String chain : new String[] {"baseline", "conifer"}) {
          List<CellResult> list = get(chain, size, window);
          if (list.isEmpty()) {
            continue;
          }
          double pps = median(list, CellResult::packetsPerSecond);
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %d B | %d | %s | %d | %,.0f | %.1f | %.3f | %.3f | %.2f | %d | %d |%n",
                  size,
                  window,
                  chain,
                  list.size(),
                  pps,
                  pps * size / 1e6,
                  median(list, CellResult::rttP50Ms),
                  median(list, CellResult::rttP99Ms),
                  list.stream().mapToDouble(CellResult::rttMaxMs).max().orElse(0),
                  list.stream().mapToLong(CellResult::lost).sum(),
                  list.stream().mapToLong(CellResult::stalls).sum()));
        }
      }
    }
    out.append("\nConifer ÷ baseline (medians):\n\n");
    out.append("| payload | window | packets/s ratio | RTT p50 ratio | RTT p99 ratio |\n");
    out.append("|---|---|---|---|---|\n");
    for (int size : sizes) {
      for (int window : windows) {
        List<CellResult> c = get("conifer", size, window);
        List<CellResult> b = get("baseline", size, window);
        if (c.isEmpty() || b.isEmpty()) {
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %d B | %d | %.3f | %.2f | %.2f |%n",
                size,
                window,
                median(c, CellResult::packetsPerSecond) / median(b, CellResult::packetsPerSecond),
                median(c, CellResult::rttP50Ms) / median(b, CellResult::rttP50Ms),
                median(c, CellResult::rttP99Ms) / median(b, CellResult::rttP99Ms)));
      }
    }
    out.append(compared(sizes, windows));
    out.append(targets());
    out.append(extra);
    return out.toString();
  }

  /** With --compare-jar: the conifer chain against the compare chain, cell by cell. */
  private String compared(int[] sizes, int[] windows) {
    StringBuilder out = new StringBuilder();
    for (int size : sizes) {
      for (int window : windows) {
        List<CellResult> c = get("conifer", size, window);
        List<CellResult> k = get("compare", size, window);
        if (c.isEmpty() || k.isEmpty()) {
          continue;
        }
        if (out.length() == 0) {
          out.append("\nConifer ÷ compare jar (medians; above 1: conifer faster):\n\n")
              .append("| payload | window | packets/s ratio | RTT p50 ratio | RTT p99 ratio |\n")
              .append("|---|---|---|---|---|\n");
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %d B | %d | %.3f | %.2f | %.2f |%n",
                size,
                window,
                median(c, CellResult::packetsPerSecond) / median(k, CellResult::packetsPerSecond),
                median(c, CellResult::rttP50Ms) / median(k, CellResult::rttP50Ms),
                median(c, CellResult::rttP99Ms) / median(k, CellResult::rttP99Ms)));
      }
    }
    return out.toString();
  }

  private String targets() {
    StringBuilder out = new StringBuilder("\nTargets (issue 9):\n\n");
    List<CellResult> c64 = get("conifer", 1024, 64);
    List<CellResult> b64 = get("baseline", 1024, 64);
    if (!c64.isEmpty() && !b64.isEmpty()) {
      double ratio =
          median(c64, CellResult::packetsPerSecond) / median(b64, CellResult::packetsPerSecond);
      out.append(
          String.format(
              Locale.ROOT,
              "- 1 KiB, window 64, >= 70%% of baseline: %.1f%% -> %s%n",
              ratio * 100,
              ratio >= 0.70 ? "MET" : "NOT MET"));
    }
    List<CellResult> c16 = get("conifer", 1024, 16);
    if (!c16.isEmpty()) {
      double pps = median(c16, CellResult::packetsPerSecond);
      long lost = c16.stream().mapToLong(CellResult::lost).sum();
      out.append(
          String.format(
              Locale.ROOT,
              "- 1 KiB, window 16, >= 25 x Go's 3,850/s = 96,250/s, no loss: %,.0f/s (%.1f x Go),"
                  + " lost %d -> %s%n",
              pps,
              pps / GO_WINDOW16_PPS,
              lost,
              pps >= 25 * GO_WINDOW16_PPS && lost == 0 ? "MET" : "NOT MET"));
    }
    for (int size : new int[] {1024}) {
      List<CellResult> c1 = get("conifer", size, 1);
      List<CellResult> b1 = get("baseline", size, 1);
      if (!c1.isEmpty() && !b1.isEmpty()) {
        double cp99 = median(c1, CellResult::rttP99Ms);
        double bp99 = median(b1, CellResult::rttP99Ms);
        out.append(
            String.format(
                Locale.ROOT,
                "- RTT p99 at window 1 (%d B), <= 2 x baseline and <= 1 ms: %.3f ms vs baseline"
                    + " %.3f ms (%.2f x) -> %s%n",
                size,
                cp99,
                bp99,
                cp99 / bp99,
                cp99 <= 2 * bp99 && cp99 <= 1.0 ? "MET" : "NOT MET"));
      }
    }
    return out.toString();
  }

  String csv() {
    StringBuilder out =
        new StringBuilder(
            "chain,payload,window,packets_per_s,mb_per_s,rtt_p50_ms,rtt_p99_ms,rtt_max_ms,lost,"
                + "stalls,samples\n");
    cells.forEach(
        (key, list) -> {
          String chain = key.substring(0, key.indexOf('/'));
          for (CellResult r : list) {
            out.append(
                String.format(
                    Locale.ROOT,
                    "%s,%d,%d,%.1f,%.2f,%.4f,%.4f,%.4f,%d,%d,%d%n",
                    chain,
                    r.payloadLength(),
                    r.window(),
                    r.packetsPerSecond(),
                    r.megabytesPerSecond(),
                    r.rttP50Ms(),
                    r.rttP99Ms(),
                    r.rttMaxMs(),
                    r.lost(),
                    r.stalls(),
                    r.samples()));
          }
        });
    return out.toString();
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
  }
}
