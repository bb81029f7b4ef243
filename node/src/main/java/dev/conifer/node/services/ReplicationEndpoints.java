package dev.conifer.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.cli.ReplicationText;
import dev.conifer.node.control.ControlException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The control API's replication endpoints ({@code conifer replicate ...} through the running node):
 * {@code replicate/trust}, {@code replicate/untrust}, {@code replicate/gift}, {@code
 * replicate/capacity}, {@code replicate/ls} and {@code replicate/pull}. Changes apply at once and
 * are saved to {@code replication.conf}.
 */
public final class ReplicationEndpoints {
  public static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  private final Supplier<ReplicationDriver> driver;

  private ReplicationEndpoints(Supplier<ReplicationDriver> driver) {
    this.driver = driver;
  }

  public static void register(ControlRoutes routes, Supplier<ReplicationDriver> driver) {
    ReplicationEndpoints e = new ReplicationEndpoints(driver);
    routes
        .register("replicate/trust", e::trust)
        .register("replicate/untrust", e::untrust)
        .register(
            "replicate/gift",
            r -> e.text(e.driver().update(p -> p.with(TrustRule.gift(size(r, "quota")))), "gift"))
        .register(
            "replicate/capacity",
            r -> e.text(e.driver().update(p -> p.withCapacity(size(r, "capacity"))), "capacity"))
        .register("replicate/ls", r -> ls(e.driver()))
        .register("replicate/pull", e::pull);
  }

  private ReplicationDriver driver() {
    ReplicationDriver d = driver.get();
    if (d == null) {
      throw new ControlException(
          ControlException.CONFLICT,
          "this node replicates nothing: run it with --data and without --relay-only or --echo");
    }
    return d;
  }

  private JsonNode trust(JsonNode r) throws IOException {
    PublicKey key = key(r);
    Tier tier = ReplicationPolicy.tier(text(r, "tier"));
    long quota = r.has("quota") ? size(r, "quota") : 0;
    if (tier != Tier.SOVEREIGN && quota == 0) {
      throw new IllegalArgumentException(
          "a " + tier.name().toLowerCase(Locale.ROOT) + " rule needs --quota");
    }
    driver().update(p -> p.with(new TrustRule(key, tier, quota)));
    return answer(ReplicationText.trusted(key, tier, quota));
  }

  private JsonNode untrust(JsonNode r) throws IOException {
    PublicKey key = key(r);
    if (driver().policy().rules().stream().noneMatch(rule -> key.equals(rule.key()))) {
      throw new ControlException(ControlException.NOT_FOUND, key.toHex() + " is not trusted");
    }
    driver().update(p -> p.without(key));
    return answer("untrusted " + key.toHex());
  }

  private JsonNode pull(JsonNode r) throws IOException {
    PublicKey key = r.hasNonNull("key") ? key(r) : null;
    driver().pullNow(key, PULL_TIMEOUT);
    ObjectNode json = ls(driver());
    json.put("text", key == null ? "pulled every trusted key" : "pulled " + key.toHex());
    return json;
  }

  /** The policy and, per rule, where its replication stands. */
  public static ObjectNode ls(ReplicationDriver d) throws IOException {
    ReplicationPolicy p = d.policy();
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("capacity", p.capacityLength());
    json.put("role", p.role().label());
    p.clusters().forEach(json.putArray("clusters")::add);
    var rules = json.putArray("rules");
    for (TrustRule rule : p.rules()) {
      ObjectNode o = rules.addObject();
      o.put("key", rule.key() == null ? "gift" : rule.key().toHex());
      o.put("tier", rule.tier().name().toLowerCase(Locale.ROOT));
      o.put("quota", rule.quotaLength());
      o.put("used", d.usage(rule));
      if (rule.key() != null) {
        ReplicationStatus s = d.status(rule.key());
        o.put("version", s.version);
        o.put("listed", s.listed);
        o.put("held", s.held);
        o.put("waiting", s.waiting());
        o.put("failed", s.failed);
        o.put("from", s.from);
        o.put("lastPullEpochMs", s.lastPullEpochMs);
        o.put("lastTrigger", s.lastTrigger);
        o.put("reason", s.reason);
      }
    }
    ReplicationCounters c = d.counters();
    ObjectNode counters = json.putObject("counters");
    counters.put("pulls", c.pulls.get());
    counters.put("pullsUnreachable", c.pullsUnreachable.get());
    counters.put("badLists", c.badLists.get());
    counters.put("blobsReplicated", c.blobsReplicated.get());
    counters.put("bytesReplicated", c.bytesReplicated.get());
    counters.put("fetchFailures", c.fetchFailures.get());
    counters.put("badBlobHolders", c.badBlobHolders.get());
    counters.put("quotaRefusals", c.quotaRefusals.get());
    counters.put("evictions", c.evictions.get());
    counters.put("triggeredPulls", c.triggeredPulls.get());
    counters.put("noticesSent", c.noticesSent.get());
    counters.put("noticeFailures", c.noticeFailures.get());
    counters.put("noticesReceived", c.noticesReceived.get());
    counters.put("noticesIgnored", c.noticesIgnored.get());
    return json;
  }

  private JsonNode text(ReplicationPolicy p, String what) {
    return answer(
        what.equals("gift")
            ? "gift quota "
                + p.rules().stream()
                    .filter(r -> r.key() == null)
                    .mapToLong(TrustRule::quotaLength)
                    .sum()
            : "capacity " + p.capacityLength());
  }

  private static PublicKey key(JsonNode r) {
    try {
      return PublicKey.fromHex(text(r, "key").strip());
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlException.BAD_REQUEST, "KEY: " + e.getMessage(), e);
    }
  }

  private static long size(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v != null && v.canConvertToLong() && v.asLong() >= 0) {
      return v.asLong();
    }
    return ReplicationPolicy.size(text(r, field));
  }

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual()) {
      throw new ControlException(ControlException.BAD_REQUEST, "give \"" + field + "\"");
    }
    return v.asText();
  }

  private static ObjectNode answer(String text) {
    return ControlRoutes.JSON.createObjectNode().put("text", text);
  }
}
