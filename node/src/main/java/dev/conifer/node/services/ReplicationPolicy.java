package dev.conifer.node.services;

import dev.conifer.node.UserException;
import dev.conifer.node.cli.DurationConverter;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.NodeRole;
import dev.conifer.transfer.replicate.PublicationPage;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whose publications this node replicates, how much it keeps, and what kind of node it is: {@code
 * DATA/replication.conf}, one setting a line (docs/CONTENT.md, "Replication"). {@code conifer
 * replicate ...} and {@code conifer node --role/--cluster} write it; it may be edited by hand while
 * no node runs.
 *
 * <pre>
 * KEYHEX sovereign            # my own devices: everything
 * KEYHEX reciprocal 20G       # family: what they publish, up to a quota
 * KEYHEX invested 5G
 * gift 1G                     # spare capacity for anyone else who announces to us
 * capacity 100G               # evict by tier beyond this
 * role always-on              # always-on, laptop (default) or phone
 * cluster home                # a cluster this node belongs to (repeatable)
 * safe 2                      # always-on cluster copies that make a blob safe
 * pull-interval 60s           # how often trusted publishers are asked for their list
 * </pre>
 *
 * No file means no replication. Mistakes name the line.
 */
public record ReplicationPolicy(
    List<TrustRule> rules,
    long capacityLength,
    NodeRole role,
    List<String> clusters,
    int safeCount,
    Duration pullInterval) {
  public static final String FILE = "replication.conf";
  public static final Duration PULL_INTERVAL_DEFAULT = Duration.ofSeconds(60);
  public static final ReplicationPolicy NONE =
      new ReplicationPolicy(List.of(), 0, NodeRole.LAPTOP, List.of(), 2, PULL_INTERVAL_DEFAULT);

  public ReplicationPolicy {
    rules = List.copyOf(rules);
    clusters = List.copyOf(clusters);
    PublicationPage.checkClusters(clusters);
    if (safeCount < 1 || pullInterval.isNegative() || pullInterval.isZero()) {
      throw new IllegalArgumentException("safe must be >= 1 and pull-interval positive");
    }
  }

  public static ReplicationPolicy load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ReplicationPolicy policy = NONE;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceAll("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        policy = policy.apply(line.split("\\s+"));
      } catch (IllegalArgumentException e) {
        throw new UserException(
            file + ":" + (i + 1) + ": " + e.getMessage() + " in '" + line + "'", e);
      }
    }
    return policy;
  }

  private ReplicationPolicy apply(String[] w) {
    switch (w[0]) {
      case "capacity":
        return withCapacity(size(one(w)));
      case "gift":
        return with(TrustRule.gift(size(one(w))));
      case "role":
        return withRole(NodeRole.parse(one(w)));
      case "cluster":
        List<String> more = new ArrayList<>(clusters);
        if (!more.contains(one(w))) {
          more.add(one(w));
        }
        return withClusters(more);
      case "safe":
        return new ReplicationPolicy(
            rules, capacityLength, role, clusters, Integer.parseInt(one(w)), pullInterval);
      case "pull-interval":
        return new ReplicationPolicy(
            rules, capacityLength, role, clusters, safeCount, duration(one(w)));
      default:
        if (w.length == 2 || w.length == 3) {
          Tier tier = tier(w[1]);
          long quota = w.length == 3 ? size(w[2]) : 0;
          return with(new TrustRule(PublicKey.fromHex(w[0]), tier, quota));
        }
        throw new IllegalArgumentException(
            "expected 'KEYHEX TIER [QUOTA]', 'gift QUOTA', 'capacity SIZE', 'role ROLE',"
                + " 'cluster NAME', 'safe N' or 'pull-interval DURATION'");
    }
  }

  private static Duration duration(String text) {
    try {
      return new DurationConverter().convert(text);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String one(String[] w) {
    if (w.length != 2) {
      throw new IllegalArgumentException("'" + w[0] + "' takes one value");
    }
    return w[1];
  }

  /** sovereign, reciprocal, invested (gift has its own line: it has no key). */
  public static Tier tier(String text) {
    try {
      Tier t = Tier.valueOf(text.strip().toUpperCase(Locale.ROOT));
      if (t != Tier.GIFT) {
        return t;
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw new IllegalArgumentException(
        "not a tier: '" + text + "' (expected sovereign, reciprocal or invested)");
  }

  /** The rule for a key replaced (or the gift rule, when {@code rule} is one). */
  public ReplicationPolicy with(TrustRule rule) {
    List<TrustRule> next = new ArrayList<>();
    for (TrustRule r : rules) {
      boolean same = rule.key() == null ? r.key() == null : rule.key().equals(r.key());
      if (!same) {
        next.add(r);
      }
    }
    if (rule.key() != null || rule.quotaLength() > 0) {
      next.add(rule);
    }
    return new ReplicationPolicy(next, capacityLength, role, clusters, safeCount, pullInterval);
  }

  public ReplicationPolicy without(PublicKey key) {
    List<TrustRule> next = new ArrayList<>(rules);
    next.removeIf(r -> key.equals(r.key()));
    return new ReplicationPolicy(next, capacityLength, role, clusters, safeCount, pullInterval);
  }

  public ReplicationPolicy withCapacity(long capacity) {
    return new ReplicationPolicy(rules, capacity, role, clusters, safeCount, pullInterval);
  }

  public ReplicationPolicy withRole(NodeRole r) {
    return new ReplicationPolicy(rules, capacityLength, r, clusters, safeCount, pullInterval);
  }

  public ReplicationPolicy withClusters(List<String> c) {
    return new ReplicationPolicy(rules, capacityLength, role, c, safeCount, pullInterval);
  }

  /** Whether there is anything to do: a rule, a capacity, or a role others should know. */
  public boolean active() {
    return !rules.isEmpty() || capacityLength > 0;
  }

  /** The file's text: what {@link #load} reads back to an equal policy. */
  public String format() {
    StringBuilder sb = new StringBuilder("# written by conifer; see docs/CONTENT.md\n");
    for (TrustRule r : rules) {
      if (r.key() == null) {
        sb.append("gift ").append(r.quotaLength()).append('\n');
      } else {
        sb.append(r.key().toHex()).append(' ').append(r.tier().name().toLowerCase(Locale.ROOT));
        if (r.tier() != Tier.SOVEREIGN) {
          sb.append(' ').append(r.quotaLength());
        }
        sb.append('\n');
      }
    }
    if (capacityLength > 0) {
      sb.append("capacity ").append(capacityLength).append('\n');
    }
    sb.append("role ").append(role.label()).append('\n');
    clusters.forEach(c -> sb.append("cluster ").append(c).append('\n'));
    sb.append("safe ").append(safeCount).append('\n');
    if (!pullInterval.equals(PULL_INTERVAL_DEFAULT)) {
      sb.append("pull-interval ").append(pullInterval.toMillis()).append("ms\n");
    }
    return sb.toString();
  }

  /** Writes the file atomically (a crash leaves the old or the new policy, never half). */
  public void save(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, format());
    Files.move(
        tmp,
        dataDir.resolve(FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * {@code 123}, {@code 500K}, {@code 20M}, {@code 3G}, {@code 1T}, also spelled {@code 5GiB} or
   * {@code 5GB} (always powers of 1024).
   */
  public static long size(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("not a size: " + text);
    }
    int shift =
        switch (t.charAt(t.length() - 1)) {
          case 'K' -> 10;
          case 'M' -> 20;
          case 'G' -> 30;
          case 'T' -> 40;
          default -> 0;
        };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long value = Long.parseLong(digits);
      if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: " + text);
    }
  }
}
