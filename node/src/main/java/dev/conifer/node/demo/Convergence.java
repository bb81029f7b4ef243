package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether nodes hold the same current state: the same merged document for each of the five paths
 * (compared as JSON trees), the same attachment keys (on nodes that sync them), and every
 * attachment blob complete where it should be.
 */
final class Convergence {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  private final FamilyState state;

  Convergence(FamilyState state) {
    this.state = state;
  }

  /**
   * Null once every node in {@code nodes} holds all five documents, equal to each other and
   * accepted by {@code expected}, and each of {@code withFiles} holds the same attachment keys as
   * the first and the {@code blobs}; else what is still different.
   */
  String notYet(
      List<FamilyNode> nodes,
      Predicate<Map<String, JsonNode>> expected,
      List<FamilyNode> withFiles,
      Collection<String> blobs) {
    Map<String, JsonNode> first = null;
    String firstName = null;
    for (FamilyNode node : nodes) {
      Map<String, JsonNode> docs = state.documents(node);
      if (docs.size() < LearningPaths.ALL.size()) {
        return node.name + " holds " + docs.size() + " of the 5 paths";
      }
      if (!expected.test(docs)) {
        return node.name + " does not have every edit yet";
      }
      if (first == null) {
        first = docs;
        firstName = node.name;
      } else if (!first.equals(docs)) {
        return node.name + " and " + firstName + " hold different documents";
      }
    }
    List<String> files = null;
    for (FamilyNode node : withFiles) {
      List<String> keys = state.keys(node, "files/");
      if (files == null) {
        files = keys;
      } else if (!new ArrayList<>(files).equals(keys)) {
        return node.name + " holds attachment keys " + keys + ", not " + files;
      }
      var missing = state.missingBlobs(node, List.copyOf(blobs));
      if (!missing.isEmpty()) {
        return node.name + " lacks " + missing.size() + " attachment blob(s)";
      }
    }
    return null;
  }
}
