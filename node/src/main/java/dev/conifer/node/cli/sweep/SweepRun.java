package dev.conifer.node.cli.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One run of a sweep: its number, seed and the varied options' values. */
public record SweepRun(int number, long seed, List<Setting> settings) {
  /** A varied option and the value this run gives it. */
  public record Setting(String option, String value) {}

  /** The run's directory name under the sweep's {@code runs/}: {@code 001}, {@code 002}, … */
  public String id() {
    return String.format(Locale.ROOT, "%03d", number);
  }

  /** The {@code conifer sim} arguments: the shared ones, the varied ones, seed, output. */
  public List<String> simArgs(List<String> shared, Path out) {
    List<String> args = new ArrayList<>(shared);
    for (Setting s : settings) {
      args.add(s.option() + "=" + s.value());
    }
    args.addAll(List.of("--seed", Long.toString(seed), "--out", out.toString(), "--no-progress"));
    return args;
  }

  /** The combination without the seed, e.g. {@code --pairs=100 --latency=fixed:5ms}. */
  public String combination() {
    List<String> parts = new ArrayList<>();
    for (Setting s : settings) {
      parts.add(s.option() + "=" + s.value());
    }
    return parts.isEmpty() ? "(shared options)" : String.join(" ", parts);
  }

  @Override
  public String toString() {
    return "run "
        + id()
        + " (seed "
        + seed
        + (settings.isEmpty() ? "" : ", " + combination())
        + ")";
  }
}
