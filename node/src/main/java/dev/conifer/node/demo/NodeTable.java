package dev.conifer.node.demo;

import java.util.List;
import java.util.Map;

/**
 * The closing table: per node, what it holds of the namespace (distinct path keys, all keys, and
 * current entries: a merged document has one per unmerged part) and of its blob store.
 */
final class NodeTable {
  private NodeTable() {}

  static void print(Narrator n, Cast cast, FamilyState state) {
    String format = "   %-12s %-9s %5s %5s %7s %5s %7s  %s%n";
    n.out().println();
    n.out()
        .printf(format, "node", "role", "paths", "keys", "entries", "blobs", "bytes", "last sync");
    for (FamilyNode node : cast.all()) {
      long paths = state.keys(node, "paths/").stream().distinct().count();
      List<String> entries = state.keys(node, "");
      long keys = entries.stream().distinct().count();
      Map<String, Long> blobs = state.completeBlobs(node);
      long bytes = blobs.values().stream().mapToLong(Long::longValue).sum();
      n.out()
          .printf(
              format,
              node.name,
              node.role,
              paths,
              keys,
              entries.size(),
              blobs.size(),
              bytes,
              state.lastSync(node));
    }
  }
}
