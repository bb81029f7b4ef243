package dev.conifer.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines {@code conifer replicate} prints, the same with and without a running node. */
public final class ReplicationText {
  private ReplicationText() {}

  public static String trusted(PublicKey key, Tier tier, long quota) {
    String t = tier.name().toLowerCase(Locale.ROOT);
    return "trusted " + key.toHex() + " " + t + (tier == Tier.SOVEREIGN ? "" : " quota " + quota);
  }

  /** {@code replicate ls} from a running node's {@code replicate/ls} answer. */
  public static List<String> ls(JsonNode reply) {
    List<String> lines = new ArrayList<>();
    lines.add(
        header(
            reply.path("role").asText(), reply.path("clusters"), reply.path("capacity").asLong()));
    for (JsonNode r : reply.path("rules")) {
      StringBuilder sb = new StringBuilder();
      sb.append(r.path("key").asText())
          .append(' ')
          .append(r.path("tier").asText())
          .append(" used ")
          .append(r.path("used").asLong())
          .append('/')
          .append(r.path("tier").asText().equals("sovereign") ? "-" : r.path("quota").asText());
      if (r.has("version")) {
        sb.append(" version ")
            .append(r.path("version").asLong())
            .append(" listed ")
            .append(r.path("listed").asInt())
            .append(" held ")
            .append(r.path("held").asInt())
            .append(" waiting ")
            .append(r.path("waiting").asInt())
            .append(" failed ")
            .append(r.path("failed").asInt());
        if (!r.path("from").asText().isEmpty()) {
          sb.append(" from ").append(r.path("from").asText());
        }
        long last = r.path("lastPullEpochMs").asLong();
        if (last > 0) {
          sb.append(" last pull ")
              .append(
                  java.time.Instant.ofEpochMilli(last)
                      .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                      .toString()
                      .substring(11))
              .append(" by ")
              .append(r.path("lastTrigger").asText("-"));
        }
        if (!r.path("reason").asText().isEmpty()) {
          sb.append(" reason: ").append(r.path("reason").asText());
        }
      }
      lines.add(sb.toString());
    }
    JsonNode c = reply.path("counters");
    List<String> counters = new ArrayList<>();
    c.fieldNames().forEachRemaining(name -> counters.add(name + "=" + c.path(name).asLong()));
    lines.add("counters " + String.join(" ", counters));
    return lines;
  }

  /** {@code replicate ls} from the file, when no node runs. */
  public static List<String> ls(ReplicationPolicy p) {
    List<String> lines = new ArrayList<>();
    StringBuilder clusters = new StringBuilder();
    p.clusters().forEach(c -> clusters.append(clusters.length() == 0 ? "" : ",").append(c));
    lines.add(
        "role "
            + p.role().label()
            + " clusters "
            + (clusters.length() == 0 ? "-" : clusters)
            + " capacity "
            + (p.capacityLength() == 0 ? "unlimited" : p.capacityLength())
            + " (no node running: the policy only)");
    for (TrustRule r : p.rules()) {
      lines.add(
          (r.key() == null ? "gift" : r.key().toHex())
              + " "
              + r.tier().name().toLowerCase(Locale.ROOT)
              + " quota "
              + (r.tier() == Tier.SOVEREIGN ? "-" : r.quotaLength()));
    }
    return lines;
  }

  private static String header(String role, JsonNode clusters, long capacity) {
    List<String> names = new ArrayList<>();
    clusters.forEach(c -> names.add(c.asText()));
    return "role "
        + role
        + " clusters "
        + (names.isEmpty() ? "-" : String.join(",", names))
        + " capacity "
        + (capacity == 0 ? "unlimited" : capacity);
  }
}
