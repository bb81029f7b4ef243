package dev.conifer.simulator.scenario;

import dev.conifer.simulator.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One churn model, parsed from {@code KIND:key=value,key=value}. Several specs are separated by
 * {@code ;} or given as repeated options. Kinds:
 *
 * <ul>
 *   <li>{@code flap:rate=R,down=D}: links fail as a Poisson process of R per second (network wide);
 *       each failure picks a random working link, which stays down for D
 *   <li>{@code crash:rate=R,down=D}: nodes crash (state lost) at R per second and rejoin with the
 *       same key after D
 *   <li>{@code partition:at=T,heal=T2,fraction=F}: at T, cut every link between a connected region
 *       of a fraction F of the nodes (default 0.5) and the rest; restore them at T2
 * </ul>
 *
 * {@code flap} and {@code crash} take optional {@code start} and {@code stop} (defaults: a quarter
 * and three quarters of the run), so the network first converges and finally recovers.
 */
public record ChurnSpec(
    Kind kind,
    double ratePerSecond,
    long downNs,
    long startNs,
    long stopNs,
    long atNs,
    long healNs,
    double fraction) {
  /** The churn model. */
  public enum Kind {
    FLAP,
    CRASH,
    PARTITION
  }

  public static final long UNSET = -1;

  public static final String USAGE =
      "flap:rate=0.2,down=5s | crash:rate=0.05,down=20s | partition:at=60s,heal=90s[,fraction=0.5]"
          + " (flap and crash also take start= and stop=)";

  /** Parses one or more specs separated by {@code ;}. */
  public static List<ChurnSpec> parseAll(String text) {
    List<ChurnSpec> specs = new ArrayList<>();
    for (String part : text.split(";")) {
      if (!part.isBlank()) {
        specs.add(parse(part.trim()));
      }
    }
    return specs;
  }

  public static ChurnSpec parse(String text) {
    int colon = text.indexOf(':');
    String kindName = colon < 0 ? text : text.substring(0, colon);
    Map<String, String> args = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String pair : text.substring(colon + 1).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "churn \"" + text + "\": \"" + pair + "\" is not key=value (" + USAGE + ")");
        }
        args.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    try {
      switch (kindName) {
        case "flap":
        case "crash":
          allow(text, args, Set.of("rate", "down", "start", "stop"));
          double rate = Double.parseDouble(required(text, args, "rate"));
          if (!(rate > 0) || rate > 1e6) {
            throw new IllegalArgumentException("churn \"" + text + "\": rate must be > 0");
          }
          return new ChurnSpec(
              kindName.equals("flap") ? Kind.FLAP : Kind.CRASH,
              rate,
              Durations.parseNs(required(text, args, "down")),
              args.containsKey("start") ? Durations.parseNs(args.get("start")) : UNSET,
              args.containsKey("stop") ? Durations.parseNs(args.get("stop")) : UNSET,
              UNSET,
              UNSET,
              0);
        case "partition":
          allow(text, args, Set.of("at", "heal", "fraction"));
          long at = Durations.parseNs(required(text, args, "at"));
          long heal = Durations.parseNs(required(text, args, "heal"));
          double fraction = Double.parseDouble(args.getOrDefault("fraction", "0.5"));
          if (heal <= at || !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(
                "churn \"" + text + "\": needs heal > at and 0 < fraction < 1");
          }
          return new ChurnSpec(Kind.PARTITION, 0, 0, UNSET, UNSET, at, heal, fraction);
        default:
          throw new IllegalArgumentException(
              "unknown churn kind \"" + kindName + "\" (" + USAGE + ")");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("churn \"" + text + "\": bad number (" + USAGE + ")");
    }
  }

  /** The active window for rate-based churn, given the run length. */
  public long effectiveStartNs(long durationNs) {
    return startNs == UNSET ? durationNs / 4 : startNs;
  }

  public long effectiveStopNs(long durationNs) {
    return stopNs == UNSET ? durationNs * 3 / 4 : stopNs;
  }

  private static String required(String text, Map<String, String> args, String key) {
    String value = args.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "churn \"" + text + "\" needs " + key + "= (" + USAGE + ")");
    }
    return value;
  }

  private static void allow(String text, Map<String, String> args, Set<String> allowed) {
    for (String key : args.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            "churn \"" + text + "\": unknown key \"" + key + "\" (" + USAGE + ")");
      }
    }
  }
}
