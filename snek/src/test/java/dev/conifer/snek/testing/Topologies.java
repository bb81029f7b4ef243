package dev.conifer.snek.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test topologies: Pinecone's graph files (the repository's {@code topologies/}), and generators.
 */
public final class Topologies {
  /** Nodes named by index, and undirected edges between them. */
  public record Graph(int nodeCount, List<int[]> edges) {}

  private Topologies() {}

  /** {@code topologies/NAME} at the repository root, copied onto the test classpath by the pom. */
  public static Path topologyFile(String name) {
    URL url = Topologies.class.getResource("/topologies/" + name);
    if (url == null) {
      throw new IllegalStateException("no test resource topologies/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unreadable resource URL " + url, e);
    }
  }

  /** Pinecone's format: each line is a path of node names; consecutive names are linked. */
  public static Graph load(String name) {
    try {
      Map<String, Integer> ids = new LinkedHashMap<>();
      List<int[]> edges = new ArrayList<>();
      java.util.Set<Long> seen = new java.util.HashSet<>();
      for (String line : Files.readAllLines(topologyFile(name))) {
        String[] names = line.trim().split("\\s+");
        if (names.length < 2 || names[0].isEmpty()) {
          continue;
        }
        for (int i = 0; i + 1 < names.length; i++) {
          int a = ids.computeIfAbsent(names[i], k -> ids.size());
          int b = ids.computeIfAbsent(names[i + 1], k -> ids.size());
          long key = Math.min(a, b) * 1_000_000L + Math.max(a, b);
          if (a != b && seen.add(key)) {
            edges.add(new int[] {a, b});
          }
        }
      }
      return new Graph(ids.size(), edges);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Graph star(int n) {
    List<int[]> edges = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      edges.add(new int[] {0, i});
    }
    return new Graph(n, edges);
  }

  public static Graph line(int n) {
    List<int[]> edges = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      edges.add(new int[] {i - 1, i});
    }
    return new Graph(n, edges);
  }

  /** A random tree: each node links to an earlier one. */
  public static Graph randomTree(int n, long seed) {
    SeededRandom random = new SeededRandom(seed);
    List<int[]> edges = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      edges.add(new int[] {random.nextInt(i), i});
    }
    return new Graph(n, edges);
  }

  /** A connected random graph: a random tree plus {@code extra} random edges. */
  public static Graph randomConnected(int n, int extra, long seed) {
    Graph tree = randomTree(n, seed);
    SeededRandom random = new SeededRandom(seed ^ 0x5DEECE66DL);
    List<int[]> edges = new ArrayList<>(tree.edges());
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int[] e : edges) {
      seen.add(Math.min(e[0], e[1]) * 1_000_000L + Math.max(e[0], e[1]));
    }
    while (extra > 0) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      if (a != b && seen.add(Math.min(a, b) * 1_000_000L + Math.max(a, b))) {
        edges.add(new int[] {a, b});
        extra--;
      }
    }
    return new Graph(n, edges);
  }

  /** Builds the graph into a fresh net, returning the index of its first node. */
  public static int build(SnekNet net, Graph graph) {
    int first = net.addNodes(graph.nodeCount());
    for (int[] e : graph.edges()) {
      net.link(first + e[0], first + e[1]);
    }
    return first;
  }
}
