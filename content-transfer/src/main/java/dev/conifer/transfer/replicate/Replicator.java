package dev.conifer.transfer.replicate;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replication follows relationship: pins announced by trusted keys are fetched and pinned within
 * their tier's quota, and space is reclaimed by tier (unpinned cache first, then GIFT, INVESTED,
 * RECIPROCAL; never SOVEREIGN or operator pins). Every replica pin records its rule, tier and key
 * so {@link #why} can explain it. The fetching itself is the caller's ({@link BlobFetcher}).
 */
public final class Replicator {
  /** A pin someone announced: they keep {@code hash} of {@code size} bytes. */
  public record Announced(BlobHash hash, long size) {}

  /** A blob to fetch from {@code from} and pin with {@code pin} once complete. */
  public record Plan(BlobHash hash, long size, PublicKey from, Pin pin) {}

  private final BlobStore store;
  private volatile List<TrustRule> rules;

  public Replicator(BlobStore store, List<TrustRule> rules) {
    this.store = store;
    this.rules = List.copyOf(rules);
  }

  /** Replaces the rules (trust changed at run time); plans already made keep their pins. */
  public void setRules(List<TrustRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<TrustRule> rules() {
    return rules;
  }

  /** The rule that applies to {@code key}: its own, else the GIFT rule, else none. */
  public Optional<TrustRule> ruleFor(PublicKey key) {
    TrustRule gift = null;
    for (TrustRule r : rules) {
      if (r.key() == null && r.tier() != Tier.GIFT) {
        continue;
      }
      if (key.equals(r.key())) {
        return Optional.of(r);
      }
      if (r.tier() == Tier.GIFT) {
        gift = r;
      }
    }
    return Optional.ofNullable(gift);
  }

  static String tagFor(TrustRule rule, PublicKey from) {
    return rule.tier() == Tier.GIFT ? "gift:" + from.toHex() : "replica:" + from.toHex();
  }

  /** Decides which announced pins to replicate now, within quotas. */
  public List<Plan> handleAnnouncement(PublicKey from, List<Announced> pins) throws IOException {
    Optional<TrustRule> maybe = ruleFor(from);
    if (maybe.isEmpty()) {
      return List.of();
    }
    TrustRule rule = maybe.get();
    String tag = tagFor(rule, from);
    long used = usage(rule);
    List<Plan> plans = new ArrayList<>();
    for (Announced a : pins) {
      boolean already = store.pins(a.hash()).stream().anyMatch(p -> p.tag().equals(tag));
      if (already) {
        continue;
      }
      if (rule.tier() != Tier.SOVEREIGN && used + a.size() > rule.quotaLength()) {
        continue; // over quota: skip this one, a smaller one may still fit
      }
      used += a.size();
      String why =
          rule.tier() == Tier.GIFT
              ? "gift quota " + rule.quotaLength() + " bytes, announced by " + from.toHex()
              : rule.tier().name().toLowerCase() + " rule for " + from.toHex();
      String keyHex = rule.key() == null ? from.toHex() : rule.key().toHex();
      plans.add(new Plan(a.hash(), a.size(), from, new Pin(tag, rule.tier().name(), keyHex, why)));
    }
    return plans;
  }

  /**
   * Pins a fetched blob for {@code plan} if its verified, stored size fits the rule's quota given
   * {@code used} bytes already held under it (the announced size is only a claim); otherwise
   * removes what the fetch stored, unless something else pins it. Returns the bytes used after, or
   * -1 when refused.
   */
  public long admit(Plan plan, long used) throws IOException {
    Optional<BlobInfo> info = store.info(plan.hash());
    if (info.isEmpty() || !info.get().complete()) {
      return -1;
    }
    long size = info.get().size();
    Tier tier = Tier.valueOf(plan.pin().tier());
    Optional<TrustRule> rule = ruleFor(plan.from());
    boolean fits =
        tier == Tier.SOVEREIGN || (rule.isPresent() && used + size <= rule.get().quotaLength());
    if (!fits) {
      if (store.pins(plan.hash()).isEmpty()) {
        store.delete(plan.hash());
      }
      return -1;
    }
    store.pin(plan.hash(), plan.pin());
    return used + size;
  }

  /**
   * Unpins the copies held for {@code rule} beyond its quota (a quota lowered at run time), oldest
   * access first; a blob nothing else pins is deleted. SOVEREIGN is never trimmed.
   */
  public List<BlobHash> trimToQuota(TrustRule rule) throws IOException {
    List<BlobHash> evicted = new ArrayList<>();
    if (rule.tier() == Tier.SOVEREIGN) {
      return evicted;
    }
    long used = usage(rule);
    if (used <= rule.quotaLength()) {
      return evicted;
    }
    List<BlobInfo> held = new ArrayList<>();
    Map<BlobHash, List<Pin>> pins = store.allPins();
    for (BlobInfo b : store.list()) {
      for (Pin p : pins.getOrDefault(b.hash(), List.of())) {
        if (countsFor(rule, p)) {
          held.add(b);
          break;
        }
      }
    }
    held.sort(Comparator.comparingLong(BlobInfo::lastAccessEpochMs));
    for (BlobInfo b : held) {
      if (used <= rule.quotaLength()) {
        break;
      }
      for (Pin p : pins.get(b.hash())) {
        if (countsFor(rule, p)) {
          store.unpin(b.hash(), p.tag());
        }
      }
      if (store.pins(b.hash()).isEmpty()) {
        store.delete(b.hash());
      }
      used -= b.size();
      evicted.add(b.hash());
    }
    return evicted;
  }

  /** Removes every replica pin taken for {@code key} (no longer trusted); returns how many. */
  public int release(PublicKey key) throws IOException {
    int n = 0;
    for (Map.Entry<BlobHash, List<Pin>> e : store.allPins().entrySet()) {
      for (Pin p : e.getValue()) {
        if (!p.tier().isEmpty() && p.keyHex().equals(key.toHex())) {
          store.unpin(e.getKey(), p.tag());
          n++;
        }
      }
    }
    return n;
  }

  private static boolean countsFor(TrustRule rule, Pin p) {
    return rule.tier() == Tier.GIFT
        ? p.tier().equals(Tier.GIFT.name())
        : p.tag().equals(tagFor(rule, rule.key()));
  }

  /** Bytes currently pinned under a rule (one key's, or all GIFT pins together). */
  public long usage(TrustRule rule) throws IOException {
    long total = 0;
    for (Map.Entry<BlobHash, List<Pin>> e : store.allPins().entrySet()) {
      for (Pin p : e.getValue()) {
        if (countsFor(rule, p)) {
          total += store.info(e.getKey()).map(BlobInfo::size).orElse(0L);
          break;
        }
      }
    }
    return total;
  }

  /**
   * Deletes blobs until the store holds at most {@code capacityLength} bytes, lowest protection
   * first, least recently used first within a tier. Returns what was evicted.
   */
  public List<BlobHash> evictToFit(long capacityLength) throws IOException {
    Map<BlobHash, List<Pin>> pins = store.allPins();
    List<BlobInfo> all = store.list();
    long total = all.stream().mapToLong(BlobInfo::size).sum();
    List<BlobInfo> candidates = new ArrayList<>();
    for (BlobInfo b : all) {
      if (protection(pins.getOrDefault(b.hash(), List.of())) < Integer.MAX_VALUE) {
        candidates.add(b);
      }
    }
    candidates.sort(
        Comparator.comparingInt((BlobInfo b) -> protection(pins.getOrDefault(b.hash(), List.of())))
            .thenComparingLong(BlobInfo::lastAccessEpochMs));
    List<BlobHash> evicted = new ArrayList<>();
    for (BlobInfo b : candidates) {
      if (total <= capacityLength) {
        break;
      }
      store.delete(b.hash());
      total -= b.size();
      evicted.add(b.hash());
    }
    return evicted;
  }

  /** 0 = unpinned cache; higher = kept longer; MAX_VALUE = never evicted by policy. */
  private static int protection(List<Pin> pins) {
    int best = 0;
    for (Pin p : pins) {
      if (p.tier().isEmpty() || p.tier().equals(Tier.SOVEREIGN.name())) {
        return Integer.MAX_VALUE; // operator pin or my own devices
      }
      best = Math.max(best, 1 + Tier.valueOf(p.tier()).evictionRank());
    }
    return best;
  }

  /** Explains why a blob is stored: each pin's rule, tier and key, or that it is only cached. */
  public String why(BlobHash hash) throws IOException {
    Optional<BlobInfo> info = store.info(hash);
    if (info.isEmpty()) {
      return hash + " is not stored";
    }
    List<Pin> pins = store.pins(hash);
    StringBuilder sb = new StringBuilder();
    sb.append(hash)
        .append(" (")
        .append(info.get().size())
        .append(" bytes, ")
        .append(info.get().state().name().toLowerCase())
        .append(')');
    if (pins.isEmpty()) {
      sb.append(": not pinned; kept as cache and evicted first when space is needed");
    }
    for (Pin p : pins) {
      sb.append("\n  ").append(p.tag()).append(": ").append(p.rule());
      if (!p.tier().isEmpty()) {
        sb.append(" [tier ").append(p.tier()).append(", key ").append(p.keyHex()).append(']');
      }
    }
    return sb.toString();
  }
}
