package dev.conifer.simulator.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An undirected graph of named nodes, in first-seen order. Duplicate edges (in either direction)
 * and self-edges are skipped, as Pinecone's simulator does (PROTOCOL.md §13.1).
 */
public final class Topology {
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final List<int[]> edges = new ArrayList<>();
  private final java.util.Set<Long> edgeSet = new java.util.HashSet<>();

  /** Adds a node if it is new; returns its index. */
  public int addNode(String name) {
    Integer index = indexByName.get(name);
    if (index != null) {
      return index;
    }
    names.add(name);
    indexByName.put(name, names.size() - 1);
    return names.size() - 1;
  }

  /** Adds the edge a–b unless it is a self-edge or already present; returns whether it was new. */
  public boolean addEdge(String a, String b) {
    return addEdge(addNode(a), addNode(b));
  }

  public boolean addEdge(int a, int b) {
    if (a == b) {
      return false;
    }
    if (!edgeSet.add(edgeKey(a, b))) {
      return false;
    }
    edges.add(new int[] {a, b});
    return true;
  }

  public boolean hasEdge(int a, int b) {
    return edgeSet.contains(edgeKey(a, b));
  }

  public static long edgeKey(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return ((long) lo << 32) | hi;
  }

  public int nodeCount() {
    return names.size();
  }

  public int edgeCount() {
    return edges.size();
  }

  public String name(int index) {
    return names.get(index);
  }

  public List<String> names() {
    return List.copyOf(names);
  }

  /** Edges as {a, b} index pairs in insertion order. */
  public List<int[]> edges() {
    return edges;
  }

  public Integer indexOf(String name) {
    return indexByName.get(name);
  }

  /** Neighbour lists, built on demand. */
  public int[][] adjacency() {
    int[] degree = new int[names.size()];
    for (int[] e : edges) {
      degree[e[0]]++;
      degree[e[1]]++;
    }
    int[][] adj = new int[names.size()][];
    for (int i = 0; i < adj.length; i++) {
      adj[i] = new int[degree[i]];
    }
    int[] fill = new int[names.size()];
    for (int[] e : edges) {
      adj[e[0]][fill[e[0]]++] = e[1];
      adj[e[1]][fill[e[1]]++] = e[0];
    }
    return adj;
  }
}
