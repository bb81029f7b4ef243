package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one node holds, read through the same commands a person would use ({@code sync ls}, {@code
 * sync get}, {@code blobs ls}), quietly: the demo polls these while it waits for convergence.
 */
final class FamilyState {
  static final String NS = "learning";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Narrator narrator;

  FamilyState(Narrator narrator) {
    this.narrator = narrator;
  }

  /** The current keys of the namespace under {@code prefix} ({@code sync ls}), or empty. */
  List<String> keys(FamilyNode node, String prefix) {
    String out = narrator.quiet("sync", "ls", NS, prefix, "--data", node.data());
    List<String> keys = new ArrayList<>();
    if (out != null) {
      out.lines().filter(l -> !l.isBlank()).forEach(l -> keys.add(l.split("\t", 2)[0]));
    }
    return keys;
  }

  /** The merged document of {@code key} ({@code sync get}), or empty if absent or unreadable. */
  Optional<JsonNode> document(FamilyNode node, String key) {
    String out = narrator.quiet("sync", "get", NS, key, "--data", node.data());
    if (out == null || out.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(out));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Every path document the node holds, by key (absent ones are missing from the map). */
  Map<String, JsonNode> documents(FamilyNode node) {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (LearningPaths.LearningPath p : LearningPaths.ALL) {
      document(node, p.key()).ifPresent(d -> docs.put(p.key(), d));
    }
    return docs;
  }

  /** The blobs the node holds completely: hash to size ({@code blobs ls}). */
  Map<String, Long> completeBlobs(FamilyNode node) {
    String out = narrator.quiet("blobs", "ls", "--data", node.data());
    Map<String, Long> blobs = new LinkedHashMap<>();
    if (out != null) {
      for (String line : (Iterable<String>) out.lines()::iterator) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 3 && f[0].matches("[0-9a-f]{64}") && f[2].equals("complete")) {
          blobs.put(f[0], Long.parseLong(f[1]));
        }
      }
    }
    return blobs;
  }

  /** The hashes of {@code wanted} that the node does not hold completely. */
  TreeSet<String> missingBlobs(FamilyNode node, List<String> wanted) {
    TreeSet<String> missing = new TreeSet<>(wanted);
    missing.removeAll(completeBlobs(node).keySet());
    return missing;
  }

  /** The most recent "last sync" time {@code sync status} names, or "-". */
  String lastSync(FamilyNode node) {
    String out = narrator.quiet("sync", "status", "--data", node.data());
    if (out == null) {
      return "-";
    }
    String last = "-";
    for (String line : (Iterable<String>) out.lines()::iterator) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")
              .matcher(line);
      while (m.find()) {
        String t = m.group();
        if (last.equals("-") || t.compareTo(last) > 0) {
          last = t;
        }
      }
    }
    return last;
  }
}
