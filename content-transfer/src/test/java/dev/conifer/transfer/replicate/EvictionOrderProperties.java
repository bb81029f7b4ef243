package dev.conifer.transfer.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.store.Pin;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: over random sequences of replicas admitted in every tier, reads and capacity changes,
 * eviction frees space lowest tier first and oldest access first within a tier, never evicts a
 * sovereign copy or an operator pin, stops as soon as the store fits, and a quota holds on the
 * verified size whatever size was announced.
 */
@Timeout(120)
class EvictionOrderProperties {
  static final PublicKey MINE = FakeHolders.key(1);
  static final PublicKey FAMILY = FakeHolders.key(2);
  static final PublicKey FRIEND = FakeHolders.key(3);
  static final PublicKey STRANGER = FakeHolders.key(4);
  static final List<TrustRule> RULES =
      List.of(
          new TrustRule(MINE, Tier.SOVEREIGN, 0),
          new TrustRule(FAMILY, Tier.RECIPROCAL, 20_000),
          new TrustRule(FRIEND, Tier.INVESTED, 12_000),
          TrustRule.gift(8_000));
  static final PublicKey[] FROM = {MINE, FAMILY, FRIEND, STRANGER};

  @TempDir Path dir;
  long clockMs;

  /** 0 cache, 1 gift, 2 invested, 3 reciprocal, MAX never (sovereign, operator). */
  static int protection(List<Pin> pins) {
    int best = 0;
    for (Pin p : pins) {
      if (p.tier().isEmpty() || p.tier().equals("SOVEREIGN")) {
        return Integer.MAX_VALUE;
      }
      best = Math.max(best, 4 - Tier.valueOf(p.tier()).ordinal());
    }
    return best;
  }

  @Test
  void evictionFollowsTierThenAgeAndNeverTouchesSovereign() throws Exception {
    long seed = new Random().nextLong();
    for (int c = 0; c < 8; c++) {
      long caseSeed = seed + c;
      try {
        runCase(caseSeed, dir.resolve("case" + c));
      } catch (AssertionError | Exception e) {
        throw new AssertionError("seed " + caseSeed + " (case " + c + "): " + e.getMessage(), e);
      }
    }
  }

  private void runCase(long seed, Path data) throws Exception {
    Random random = new Random(seed);
    Files.createDirectories(data);
    clockMs = 1_000_000;
    try (FileBlobStore store = new FileBlobStore(data, () -> clockMs)) {
      Replicator r = new Replicator(store, RULES);
      Map<PublicKey, Long> used = new HashMap<>();
      for (int step = 0; step < 25; step++) {
        clockMs += FileBlobStore.TOUCH_INTERVAL_MS; // every access is recorded
        int op = random.nextInt(10);
        if (op < 6) {
          admitOne(random, store, r, used);
        } else if (op < 8 && !store.list().isEmpty()) {
          List<BlobInfo> all = store.list();
          store.openReader(all.get(random.nextInt(all.size())).hash()).orElseThrow().close();
        } else if (op == 8) {
          BlobHash h = store.put(new ByteArrayInputStream(bytes(random, 1 + random.nextInt(3000))));
          if (random.nextBoolean()) {
            store.pin(h, Pin.user());
          }
        } else {
          checkEviction(store, r, random.nextInt(60_000));
          used.clear(); // re-read from the store next time
        }
        for (TrustRule rule : RULES) {
          if (rule.tier() != Tier.SOVEREIGN) {
            assertThat(r.usage(rule))
                .as("usage of " + rule.tier())
                .isLessThanOrEqualTo(rule.quotaLength());
          }
        }
      }
    }
  }

  /** A replica whose announced size may lie: admission checks what was stored. */
  private void admitOne(Random random, FileBlobStore store, Replicator r, Map<PublicKey, Long> used)
      throws Exception {
    PublicKey from = FROM[random.nextInt(FROM.length)];
    byte[] content = bytes(random, 1 + random.nextInt(5000));
    long claimed = random.nextBoolean() ? content.length : 1; // a liar claims 1 byte
    BlobHash hash = BlobHash.ofContent(content);
    List<Replicator.Plan> plans =
        r.handleAnnouncement(from, List.of(new Replicator.Announced(hash, claimed)));
    if (plans.isEmpty()) {
      return;
    }
    store.put(new ByteArrayInputStream(content)); // what the fetch would have stored
    TrustRule rule = r.ruleFor(from).orElseThrow();
    long before = used.containsKey(from) ? used.get(from) : r.usage(rule);
    long after = r.admit(plans.get(0), before);
    if (after >= 0) {
      used.put(from, after);
    } else {
      assertThat(rule.tier()).isNotEqualTo(Tier.SOVEREIGN);
      assertThat(before + content.length).isGreaterThan(rule.quotaLength());
    }
  }

  private void checkEviction(FileBlobStore store, Replicator r, long capacity) throws Exception {
    Map<BlobHash, List<Pin>> pinsBefore = store.allPins();
    Map<BlobHash, BlobInfo> before = new HashMap<>();
    store.list().forEach(b -> before.put(b.hash(), b));
    List<BlobHash> evicted = r.evictToFit(capacity);
    List<BlobInfo> after = store.list();
    long total = after.stream().mapToLong(BlobInfo::size).sum();
    List<BlobInfo> evictable = new ArrayList<>();
    for (BlobInfo b : after) {
      if (protection(pinsBefore.getOrDefault(b.hash(), List.of())) < Integer.MAX_VALUE) {
        evictable.add(b);
      }
    }
    assertThat(total <= capacity || evictable.isEmpty())
        .as("fits %d, or nothing evictable is left (total %d)", capacity, total)
        .isTrue();
    for (BlobHash e : evicted) {
      List<Pin> pins = pinsBefore.getOrDefault(e, List.of());
      int pe = protection(pins);
      assertThat(pe).as("evicted %s pinned %s", e, pins).isLessThan(Integer.MAX_VALUE);
      for (BlobInfo kept : evictable) {
        int pk = protection(pinsBefore.getOrDefault(kept.hash(), List.of()));
        assertThat(
                pe < pk
                    || (pe == pk && before.get(e).lastAccessEpochMs() <= kept.lastAccessEpochMs()))
            .as(
                "evicted %s (protection %d) before keeping %s (protection %d)",
                e, pe, kept.hash(), pk)
            .isTrue();
      }
    }
    if (!evicted.isEmpty()) {
      // It stopped as soon as the store fit: without the last one it did not.
      BlobInfo last = before.get(evicted.get(evicted.size() - 1));
      assertThat(total + last.size()).isGreaterThan(capacity);
    }
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
