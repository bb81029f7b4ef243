package dev.conifer.simulator.topology;

import dev.conifer.simulator.model.SimRandom;
import java.util.Arrays;

/**
 * Generated topologies, named by a spec such as {@code ba:10000:3}. Nodes are named 0..n-1.
 *
 * <ul>
 *   <li>{@code line:N}: a path of N nodes
 *   <li>{@code grid:W:H} (or {@code grid:N} for a square of about N nodes): 4-neighbour lattice
 *   <li>{@code tree:N} random recursive tree (each node joins a uniform earlier one); {@code
 *       tree:N:K} complete K-ary tree
 *   <li>{@code rr:N:D} (or {@code random-regular:N:D}): uniform-ish random D-regular simple graph
 *   <li>{@code ba:N:M}: Barabási–Albert, a clique of M+1 nodes, then each node attaches to M
 *       distinct nodes by preferential attachment
 *   <li>{@code pl:N:L}: N nodes, L links, power-law degrees of exponent 2.1 like the Internet's AS
 *       graph ({@link PowerLawGenerator})
 * </ul>
 */
public final class TopologyGenerator {
  private TopologyGenerator() {}

  public static Topology generate(String spec, long seed) {
    String[] parts = spec.trim().split(":");
    SimRandom random = SimRandom.stream(seed, "topology:" + spec);
    try {
      switch (parts[0]) {
        case "line":
          return line(intArg(parts, 1, spec));
        case "grid":
          if (parts.length == 2) {
            int side = (int) Math.ceil(Math.sqrt(intArg(parts, 1, spec)));
            return grid(side, side);
          }
          return grid(intArg(parts, 1, spec), intArg(parts, 2, spec));
        case "tree":
          return parts.length == 2
              ? randomTree(intArg(parts, 1, spec), random)
              : karyTree(intArg(parts, 1, spec), intArg(parts, 2, spec));
        case "rr":
        case "random-regular":
          return randomRegular(intArg(parts, 1, spec), intArg(parts, 2, spec), random);
        case "ba":
          return barabasiAlbert(intArg(parts, 1, spec), intArg(parts, 2, spec), random);
        case "pl":
          return PowerLawGenerator.generate(intArg(parts, 1, spec), intArg(parts, 2, spec), random);
        default:
          throw new IllegalArgumentException(
              "unknown generator \"" + parts[0] + "\" in \"" + spec + "\" (use " + USAGE + ")");
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("generator \"" + spec + "\" is missing a number");
    }
  }

  public static final String USAGE = "line:N, grid:W:H, tree:N[:K], rr:N:D, ba:N:M or pl:N:L";

  private static int intArg(String[] parts, int index, String spec) {
    try {
      int value = Integer.parseInt(parts[index]);
      if (value < 1 || value > 10_000_000) {
        throw new IllegalArgumentException(
            "generator \"" + spec + "\": " + value + " is out of range 1..10000000");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "generator \"" + spec + "\": \"" + parts[index] + "\" is not a number");
    }
  }

  private static Topology empty(int n) {
    Topology t = new Topology();
    for (int i = 0; i < n; i++) {
      t.addNode(Integer.toString(i));
    }
    return t;
  }

  public static Topology line(int n) {
    Topology t = empty(n);
    for (int i = 1; i < n; i++) {
      t.addEdge(i - 1, i);
    }
    return t;
  }

  public static Topology grid(int width, int height) {
    Topology t = empty(width * height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        if (x + 1 < width) {
          t.addEdge(i, i + 1);
        }
        if (y + 1 < height) {
          t.addEdge(i, i + width);
        }
      }
    }
    return t;
  }

  public static Topology randomTree(int n, SimRandom random) {
    Topology t = empty(n);
    for (int i = 1; i < n; i++) {
      t.addEdge(i, random.nextInt(i));
    }
    return t;
  }

  public static Topology karyTree(int n, int k) {
    Topology t = empty(n);
    for (int i = 1; i < n; i++) {
      t.addEdge(i, (i - 1) / k);
    }
    return t;
  }

  /** Random pairing of stubs, retrying a pick that would make a loop or a double edge. */
  public static Topology randomRegular(int n, int d, SimRandom random) {
    if ((long) n * d % 2 != 0 || d >= n) {
      throw new IllegalArgumentException(
          "random-regular needs n*d even and d < n, got n=" + n + " d=" + d);
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
      Topology t = empty(n);
      int[] stubs = new int[n * d];
      for (int i = 0; i < stubs.length; i++) {
        stubs[i] = i / d;
      }
      int remaining = stubs.length;
      boolean stuck = false;
      while (remaining > 0 && !stuck) {
        stuck = true;
        for (int tries = 0; tries < 200; tries++) {
          int i = random.nextInt(remaining);
          int j = random.nextInt(remaining);
          int a = stubs[i];
          int b = stubs[j];
          if (i == j || a == b || t.hasEdge(a, b)) {
            continue;
          }
          t.addEdge(a, b);
          // Remove both stubs by swapping in the last ones (higher index first).
          int hi = Math.max(i, j);
          int lo = Math.min(i, j);
          stubs[hi] = stubs[--remaining];
          stubs[lo] = stubs[--remaining];
          stuck = false;
          break;
        }
      }
      if (!stuck) {
        return t;
      }
    }
    throw new IllegalArgumentException("could not generate rr:" + n + ":" + d + " (try again)");
  }

  public static Topology barabasiAlbert(int n, int m, SimRandom random) {
    if (m >= n) {
      throw new IllegalArgumentException("ba needs m < n, got n=" + n + " m=" + m);
    }
    Topology t = empty(n);
    // Every edge endpoint goes in here once, so a uniform pick is degree-proportional.
    int[] endpoints = new int[2 * (m * (m + 1) / 2 + (n - m - 1) * m) + 2];
    int count = 0;
    for (int a = 0; a <= m; a++) {
      for (int b = a + 1; b <= m; b++) {
        t.addEdge(a, b);
        endpoints[count++] = a;
        endpoints[count++] = b;
      }
    }
    int[] chosen = new int[m];
    for (int v = m + 1; v < n; v++) {
      int picked = 0;
      while (picked < m) {
        int target = endpoints[random.nextInt(count)];
        boolean duplicate = false;
        for (int k = 0; k < picked; k++) {
          duplicate |= chosen[k] == target;
        }
        if (!duplicate) {
          chosen[picked++] = target;
        }
      }
      for (int k = 0; k < m; k++) {
        t.addEdge(v, chosen[k]);
        endpoints[count++] = v;
        endpoints[count++] = chosen[k];
      }
      Arrays.fill(chosen, -1);
    }
    return t;
  }
}
