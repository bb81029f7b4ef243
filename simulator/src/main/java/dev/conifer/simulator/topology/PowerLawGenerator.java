package dev.conifer.simulator.topology;

import dev.conifer.simulator.model.SimRandom;
import java.util.Arrays;

/**
 * {@code pl:N:L}: a connected graph of N nodes and exactly L links whose degrees follow a power law
 * of exponent 2.1, as the Internet's AS-level graph does (a few hubs with thousands of links, most
 * nodes with one or two), unlike Barabási–Albert's exponent of 3. Node i has weight (i + 1)^(-1 /
 * 1.1) (Chung–Lu). First a spanning tree: nodes join in a random order, each linking to an earlier
 * one picked in proportion to weight; then the remaining L − (N − 1) links join two nodes each
 * picked in proportion to weight, skipping self-links and duplicates.
 */
final class PowerLawGenerator {
  static final double EXPONENT = 2.1;

  private PowerLawGenerator() {}

  static Topology generate(int n, long links, SimRandom random) {
    long most = (long) n * (n - 1) / 2;
    if (links < n - 1 || links > most / 4) {
      throw new IllegalArgumentException(
          "pl:" + n + ":" + links + " needs N-1 <= L <= N(N-1)/8 (connected, and sparse enough)");
    }
    Topology t = new Topology();
    for (int i = 0; i < n; i++) {
      t.addNode(Integer.toString(i));
    }
    double[] weight = new double[n];
    for (int i = 0; i < n; i++) {
      weight[i] = Math.pow(i + 1, -1 / (EXPONENT - 1));
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    // The tree: cumulative weights of the nodes placed so far, in joining order.
    double[] placed = new double[n];
    placed[0] = weight[order[0]];
    for (int k = 1; k < n; k++) {
      int at = pick(placed, k, random);
      t.addEdge(order[k], order[at]);
      placed[k] = placed[k - 1] + weight[order[k]];
    }
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += weight[i];
      cumulative[i] = sum;
    }
    while (t.edgeCount() < links) {
      t.addEdge(pick(cumulative, n, random), pick(cumulative, n, random));
    }
    return t;
  }

  /** An index below {@code count}, in proportion to the steps of a cumulative sum. */
  private static int pick(double[] cumulative, int count, SimRandom random) {
    double x = random.nextDouble() * cumulative[count - 1];
    int i = Arrays.binarySearch(cumulative, 0, count, x);
    return Math.min(i >= 0 ? i + 1 : -i - 1, count - 1);
  }
}
