package dev.conifer.snek.testing;

import dev.conifer.snek.SnekNode;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Whole-network invariants over a {@link SnekNet}; each returns a list of violations. */
public final class NetChecks {
  private NetChecks() {}

  /** Connected components of live nodes over live links. */
  public static List<List<Integer>> components(SnekNet net) {
    int[] component = new int[net.size()];
    java.util.Arrays.fill(component, -1);
    List<List<Integer>> out = new ArrayList<>();
    for (int start = 0; start < net.size(); start++) {
      if (component[start] >= 0 || net.isDown(start)) {
        continue;
      }
      List<Integer> members = new ArrayList<>();
      ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(start));
      component[start] = out.size();
      while (!todo.isEmpty()) {
        int n = todo.poll();
        members.add(n);
        for (int m : net.neighbours(n)) {
          if (component[m] < 0) {
            component[m] = out.size();
            todo.add(m);
          }
        }
      }
      out.add(members);
    }
    return out;
  }

  /** Every node's root is the highest key in its component. */
  public static List<String> rootViolations(SnekNet net) {
    List<String> out = new ArrayList<>();
    for (List<Integer> c : components(net)) {
      PublicKey max =
          c.stream().map(i -> net.node(i).publicKey()).max(Comparator.naturalOrder()).get();
      for (int n : c) {
        if (!net.node(n).root().key().equals(max)) {
          out.add(
              "node " + n + " follows root " + net.node(n).root() + ", expected " + max.shortHex());
        }
      }
    }
    return out;
  }

  /** A child's coordinates are its parent's plus the parent's port towards it. */
  public static List<String> coordinateViolations(SnekNet net) {
    List<String> out = new ArrayList<>();
    for (int n = 0; n < net.size(); n++) {
      if (net.isDown(n)) {
        continue;
      }
      SnekNode node = net.node(n);
      int parentPort = node.parentPort();
      if (parentPort == SnekNode.NO_PORT) {
        if (!node.coordinates().isRoot()) {
          out.add("root " + n + " has coordinates " + node.coordinates());
        }
        continue;
      }
      int parent = indexOf(net, node.peerKey(parentPort));
      Coordinates expected = net.node(parent).coordinates().child(net.portTowards(parent, n));
      if (!node.coordinates().equals(expected)) {
        out.add("node " + n + " has " + node.coordinates() + ", expected " + expected);
      }
    }
    return out;
  }

  /** Each node's descending neighbour is its key-order predecessor in its component. */
  public static List<String> snakeViolations(SnekNet net) {
    List<String> out = new ArrayList<>();
    for (List<Integer> c : components(net)) {
      List<Integer> sorted = new ArrayList<>(c);
      sorted.sort(Comparator.comparing(i -> net.node(i).publicKey()));
      for (int i = 0; i < sorted.size(); i++) {
        SnekNode node = net.node(sorted.get(i));
        PublicKey expected = i == 0 ? null : net.node(sorted.get(i - 1)).publicKey();
        PublicKey actual = node.descending();
        if (expected == null ? actual != null : !expected.equals(actual)) {
          out.add(
              "node "
                  + sorted.get(i)
                  + " descending "
                  + (actual == null ? "none" : actual.shortHex())
                  + ", expected "
                  + (expected == null ? "none" : expected.shortHex()));
        }
      }
    }
    return out;
  }

  public static List<String> allViolations(SnekNet net) {
    List<String> out = new ArrayList<>(rootViolations(net));
    out.addAll(coordinateViolations(net));
    out.addAll(snakeViolations(net));
    return out;
  }

  /**
   * Runs until every invariant holds (checked each second of virtual time) or {@code budgetNs}
   * passes. Returns the virtual time it took, or -1 if it never converged.
   */
  public static long runUntilConverged(SnekNet net, long budgetNs) {
    long start = net.nowNs();
    while (net.nowNs() - start <= budgetNs) {
      if (allViolations(net).isEmpty()) {
        return net.nowNs() - start;
      }
      net.runFor(1_000_000_000L);
    }
    return -1;
  }

  public static int indexOf(SnekNet net, PublicKey key) {
    for (int i = 0; i < net.size(); i++) {
      if (net.node(i).publicKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
