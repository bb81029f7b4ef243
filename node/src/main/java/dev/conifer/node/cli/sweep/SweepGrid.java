package dev.conifer.node.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runs of a {@code conifer sim sweep}: every seed crossed with every combination of the varied
 * options. Options vary slowest in the order given, seeds fastest, so runs that differ only by seed
 * sit together. Pure logic; {@link SweepCommandLine} turns a run into {@code sim} arguments.
 */
public final class SweepGrid {
  /** The most runs one sweep may have: a typo like {@code 1..100000} fails instead of queueing. */
  public static final int RUNS_MAX = 10_000;

  /** Options the sweep sets for every run itself. */
  static final Set<String> RESERVED =
      Set.of("--seed", "--out", "--progress", "--no-progress", "--help", "-h", "--version", "-V");

  /** One varied option and its values, e.g. {@code --pairs} with 100 and 1000. */
  public record Axis(String option, List<String> values) {}

  private SweepGrid() {}

  /**
   * Seeds from {@code 1..8}, {@code 1,2,5} or both ({@code 1..4,10}); duplicates are an error, as a
   * run repeated by mistake would be counted twice.
   */
  public static List<Long> parseSeeds(String spec) {
    Set<Long> seeds = new LinkedHashSet<>();
    for (String part : spec.split(",", -1)) {
      String p = part.strip();
      int range = p.indexOf("..");
      long from;
      long to;
      try {
        from = Long.parseLong(range < 0 ? p : p.substring(0, range).strip());
        to = range < 0 ? from : Long.parseLong(p.substring(range + 2).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--seeds: \"" + p + "\" is not a seed or a range like 1..8 (in \"" + spec + "\")");
      }
      if (to < from) {
        throw new IllegalArgumentException("--seeds: empty range " + p);
      }
      if (to - from >= RUNS_MAX) {
        throw new IllegalArgumentException(
            "--seeds: " + p + " is more than " + RUNS_MAX + " seeds");
      }
      for (long s = from; s <= to; s++) {
        if (!seeds.add(s)) {
          throw new IllegalArgumentException("--seeds: seed " + s + " is given twice");
        }
      }
    }
    return List.copyOf(seeds);
  }

  /**
   * {@code NAME=V1|V2|…}: a {@code conifer sim} option (with or without its dashes) and its values,
   * separated by {@code |} because values such as churn specs contain commas.
   */
  public static Axis parseAxis(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "--vary: \"" + spec + "\" is not NAME=V1|V2 (e.g. pairs=100|1000)");
    }
    String name = spec.substring(0, eq).strip();
    String option = name.startsWith("-") ? name : "--" + name;
    if (RESERVED.contains(option)) {
      throw new IllegalArgumentException(
          "--vary: " + option + " is set by the sweep itself (use --seeds for seeds)");
    }
    List<String> values = new ArrayList<>();
    for (String v : spec.substring(eq + 1).split("\\|", -1)) {
      if (v.isBlank()) {
        throw new IllegalArgumentException("--vary: an empty value in \"" + spec + "\"");
      }
      if (values.contains(v.strip())) {
        throw new IllegalArgumentException("--vary: value " + v.strip() + " is given twice");
      }
      values.add(v.strip());
    }
    return new Axis(option, List.copyOf(values));
  }

  /** Every combination of the axes' values, each with every seed. */
  public static List<SweepRun> runs(List<Long> seeds, List<Axis> axes) {
    Set<String> options = new LinkedHashSet<>();
    for (Axis axis : axes) {
      if (!options.add(axis.option())) {
        throw new IllegalArgumentException("--vary: " + axis.option() + " is varied twice");
      }
    }
    long total = seeds.size();
    for (Axis axis : axes) {
      total *= axis.values().size();
    }
    if (total > RUNS_MAX) {
      throw new IllegalArgumentException(
          "the grid has " + total + " runs, more than " + RUNS_MAX + "; split the sweep");
    }
    List<List<String>> combos = new ArrayList<>();
    combos.add(List.of());
    for (Axis axis : axes) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> combo : combos) {
        for (String value : axis.values()) {
          List<String> longer = new ArrayList<>(combo);
          longer.add(value);
          next.add(longer);
        }
      }
      combos = next;
    }
    List<SweepRun> runs = new ArrayList<>();
    for (List<String> combo : combos) {
      List<SweepRun.Setting> settings = new ArrayList<>();
      for (int i = 0; i < axes.size(); i++) {
        settings.add(new SweepRun.Setting(axes.get(i).option(), combo.get(i)));
      }
      for (long seed : seeds) {
        runs.add(new SweepRun(runs.size() + 1, seed, List.copyOf(settings)));
      }
    }
    return runs;
  }
}
