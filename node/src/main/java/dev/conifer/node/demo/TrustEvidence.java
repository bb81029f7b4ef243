package dev.conifer.node.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The always-on nodes hold the attachments because of a relationship, not by accident: for each
 * attachment, {@code blobs why} on home and on the grandparent names the replication rule that
 * keeps it (its tier and the trusted laptop's key), not only sync's reason. Replication pulls on
 * its own (when the publisher becomes reachable or its list changes), so this waits, with a
 * deadline, and prints the rule line per attachment as the evidence.
 */
final class TrustEvidence {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private final FamilyStory s;

  TrustEvidence(FamilyStory story) {
    this.s = story;
  }

  /**
   * One check per always-on node: every attachment's {@code blobs why} names a rule for {@code
   * publisher} with the tier that node trusts it at (home sovereign, grandparent reciprocal).
   */
  void check(FamilyNode publisher) throws InterruptedException {
    Narrator n = s.n;
    n.say("Why the always-on nodes keep each attachment: the replication rule that trusts");
    n.say(publisher.name + " (" + publisher.shortKey() + "), by 'blobs why' on each:");
    Map<FamilyNode, String> tiers = new LinkedHashMap<>();
    tiers.put(s.cast.home, "sovereign");
    tiers.put(s.cast.grandparent, "reciprocal");
    for (Map.Entry<FamilyNode, String> e : tiers.entrySet()) {
      FamilyNode holder = e.getKey();
      String tier = e.getValue();
      Map<String, String> lines = new LinkedHashMap<>();
      String late =
          Waiting.until(
              DEADLINE,
              () -> {
                for (Map.Entry<String, String> a : s.attachments.entrySet()) {
                  if (!lines.containsKey(a.getKey())) {
                    ruleLine(holder, a.getValue(), tier, publisher.publicKey())
                        .ifPresent(l -> lines.put(a.getKey(), l));
                  }
                }
                return lines.size() == s.attachments.size()
                    ? null
                    : "no "
                        + tier
                        + " rule for "
                        + publisher.shortKey()
                        + " in 'blobs why' of "
                        + missing(lines);
              });
      for (Map.Entry<String, String> line : lines.entrySet()) {
        String shown = line.getValue().replace(publisher.publicKey(), publisher.shortKey());
        n.say(String.format("  %-12s %-22s %s", holder.name, line.getKey(), shown));
      }
      s.checks.check(
          late == null,
          "'blobs why' on "
              + holder.name
              + " names the "
              + tier
              + " rule trusting "
              + publisher.name
              + " for each of the "
              + s.attachments.size()
              + " attachments",
          late == null ? "" : late + " after " + DEADLINE.toSeconds() + " s");
    }
  }

  private String missing(Map<String, String> found) {
    return String.join(
        ", ", s.attachments.keySet().stream().filter(name -> !found.containsKey(name)).toList());
  }

  /**
   * The line of {@code blobs why HASH} that names a rule of {@code tier} for {@code key}: {@code
   * replica:KEY: sovereign rule for KEY [tier SOVEREIGN, key KEY]}.
   */
  private Optional<String> ruleLine(FamilyNode holder, String hash, String tier, String key) {
    String why = s.n.quiet("blobs", "why", hash, "--data", holder.data());
    if (why == null) {
      return Optional.empty();
    }
    return why.lines()
        .map(String::strip)
        .filter(l -> l.startsWith("replica:" + key + ":") && l.contains(tier + " rule for " + key))
        .findFirst();
  }
}
