package dev.conifer.transfer.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.store.Pin;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReplicatorTest {
  static final PublicKey MINE = FakeHolders.key(1);
  static final PublicKey FAMILY = FakeHolders.key(2);
  static final PublicKey FRIEND = FakeHolders.key(3);
  static final PublicKey STRANGER = FakeHolders.key(4);
  static final List<TrustRule> RULES =
      List.of(
          new TrustRule(MINE, Tier.SOVEREIGN, 0),
          new TrustRule(FAMILY, Tier.RECIPROCAL, 300),
          new TrustRule(FRIEND, Tier.INVESTED, 200),
          TrustRule.gift(100));

  @TempDir Path dir;
  long clockMs;

  BlobHash blob(FileBlobStore store, int size, int seed) throws IOException {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) seed);
    return store.put(new ByteArrayInputStream(b));
  }

  static Replicator.Announced announced(int size, int seed) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) seed);
    return new Replicator.Announced(BlobHash.ofContent(b), size);
  }

  @Test
  void aBlobAlreadyHeldForSyncIsAlsoPinnedByTheTrustRuleAndWhyNamesEveryReason()
      throws IOException {
    try (FileBlobStore store = new FileBlobStore(dir, () -> clockMs)) {
      Replicator r = new Replicator(store, RULES);
      // Sync fetched it first (its own pin); then the family's list names it.
      BlobHash h = blob(store, 120, 9);
      store.pin(h, new Pin("sync", "", "", "content of a current sync entry"));
      List<Replicator.Plan> plans = r.handleAnnouncement(FAMILY, List.of(announced(120, 9)));
      assertThat(plans).singleElement().extracting(Replicator.Plan::hash).isEqualTo(h);
      assertThat(r.admit(plans.get(0), 0)).isEqualTo(120);
      // Another rule holds it too: the owner's own devices.
      for (Replicator.Plan p : r.handleAnnouncement(MINE, List.of(announced(120, 9)))) {
        r.admit(p, 0);
      }

      String why = r.why(h);
      assertThat(why.lines())
          .contains(h + " (120 bytes, complete)")
          .contains("  sync: content of a current sync entry")
          .contains(
              "  replica:"
                  + FAMILY.toHex()
                  + ": reciprocal rule for "
                  + FAMILY.toHex()
                  + " [tier RECIPROCAL, key "
                  + FAMILY.toHex()
                  + "]")
          .contains(
              "  replica:"
                  + MINE.toHex()
                  + ": sovereign rule for "
                  + MINE.toHex()
                  + " [tier SOVEREIGN, key "
                  + MINE.toHex()
                  + "]");
      // Each reason is kept apart: dropping the sync pin leaves the rules' reasons.
      store.unpin(h, "sync");
      assertThat(r.why(h)).doesNotContain("sync:").contains("reciprocal rule for");
    }
  }

  @Test
  void readsRecordTheLastAccessAtMostOncePerInterval() throws IOException {
    try (FileBlobStore store = new FileBlobStore(dir, () -> clockMs)) {
      clockMs = 1_000;
      BlobHash h = blob(store, 5000, 1);
      long stored = store.info(h).orElseThrow().lastAccessEpochMs();

      // A holder opens the blob for every GET: those reads must not each cost a synced write.
      clockMs = stored + FileBlobStore.TOUCH_INTERVAL_MS - 1;
      store.openReader(h).orElseThrow().close();
      assertThat(store.info(h).orElseThrow().lastAccessEpochMs()).isEqualTo(stored);

      clockMs = stored + FileBlobStore.TOUCH_INTERVAL_MS;
      store.openReader(h).orElseThrow().close();
      assertThat(store.info(h).orElseThrow().lastAccessEpochMs()).isEqualTo(clockMs);
    }
  }

  @Test
  void announcementsAreAcceptedWithinEachTiersQuota() throws IOException {
    try (FileBlobStore store = new FileBlobStore(dir, () -> clockMs)) {
      Replicator r = new Replicator(store, RULES);
      assertThat(r.handleAnnouncement(MINE, List.of(announced(1000, 1), announced(2000, 2))))
          .hasSize(2);
      List<Replicator.Plan> family =
          r.handleAnnouncement(
              FAMILY, List.of(announced(200, 3), announced(200, 4), announced(100, 5)));
      assertThat(family).extracting(Replicator.Plan::size).containsExactly(200L, 100L);
      // Pin what the family plan allowed, then the quota is used up.
      for (Replicator.Plan p : family) {
        BlobHash h = blob(store, (int) p.size(), p.size() == 200 ? 3 : 5);
        assertThat(h).isEqualTo(p.hash());
        store.pin(h, p.pin());
      }
      assertThat(r.usage(RULES.get(1))).isEqualTo(300);
      assertThat(r.handleAnnouncement(FAMILY, List.of(announced(1, 6)))).isEmpty();
      assertThat(r.handleAnnouncement(STRANGER, List.of(announced(150, 7)))).isEmpty();
      assertThat(r.handleAnnouncement(STRANGER, List.of(announced(90, 8)))).hasSize(1);
    }
  }

  @Test
  void evictionTakesCacheThenGiftThenInvestedThenReciprocalAndNeverSovereign() throws IOException {
    try (FileBlobStore store = new FileBlobStore(dir, () -> clockMs)) {
      Replicator r = new Replicator(store, RULES);
      List<BlobHash> order = new ArrayList<>();
      PublicKey[] from = {MINE, FAMILY, FRIEND, STRANGER};
      for (int i = 0; i < from.length; i++) {
        clockMs = 100 - i; // later tiers look *more* recently used: tier must win over LRU
        BlobHash h = blob(store, 100, 10 + i);
        store.pin(h, r.handleAnnouncement(from[i], List.of(announced(100, 10 + i))).get(0).pin());
        order.add(h);
      }
      BlobHash cache = blob(store, 100, 99);
      BlobHash operator = blob(store, 100, 98);
      store.pin(operator, Pin.user());
      assertThat(r.evictToFit(600)).isEmpty();
      assertThat(r.evictToFit(500)).containsExactly(cache);
      assertThat(r.evictToFit(300))
          .containsExactly(order.get(3), order.get(2)); // gift, then invested
      assertThat(r.evictToFit(0)).containsExactly(order.get(1)); // reciprocal
      assertThat(store.has(order.get(0))).isTrue();
      assertThat(store.has(operator)).isTrue();
    }
  }

  @Test
  void whyNamesRuleTierAndKey() throws IOException {
    try (FileBlobStore store = new FileBlobStore(dir, () -> clockMs)) {
      Replicator r = new Replicator(store, RULES);
      BlobHash h = blob(store, 100, 1);
      assertThat(r.why(h)).contains("not pinned");
      store.pin(h, r.handleAnnouncement(FAMILY, List.of(announced(100, 1))).get(0).pin());
      assertThat(r.why(h)).contains("tier RECIPROCAL").contains(FAMILY.toHex());
      assertThat(r.why(BlobHash.ofContent(new byte[] {9}))).contains("not stored");
    }
  }

  @Test
  void pinsAnnouncedOverTheProtocolReachTheReplicatorAndAreFetched() throws Exception {
    ExecutorService executor = Executors.newCachedThreadPool(FakeHolders.daemon());
    try (FileBlobStore family = new FileBlobStore(dir.resolve("family"), () -> 0L);
        FileBlobStore me = new FileBlobStore(dir.resolve("me"), () -> 0L);
        FakeHolders net = new FakeHolders()) {
      BlobHash h = blob(family, 50_000, 7);
      family.pin(h, Pin.user());
      Replicator replicator =
          new Replicator(me, List.of(new TrustRule(FakeHolders.key(0), Tier.RECIPROCAL, 1 << 20)));
      List<Replicator.Plan> plans = new ArrayList<>();
      BlobsServer myServer = new BlobsServer(me, BlobsConfig.defaults());
      myServer.onAnnounce(
          (from, pins) -> {
            try {
              plans.addAll(replicator.handleAnnouncement(from, pins));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      net.add(FakeHolders.key(5), myServer);
      net.add(FakeHolders.key(0), new BlobsServer(family, BlobsConfig.defaults()));
      // The family node (whose key the fake network reports as key(0)) announces to me.
      try (BlobsClient c = net.connect(FakeHolders.key(5))) {
        c.announce(List.of(new Replicator.Announced(h, 50_000)));
      }
      assertThat(plans).hasSize(1);
      Replicator.Plan plan = plans.get(0);
      new BlobFetcher(me, net, BlobsConfig.defaults(), System::nanoTime, executor)
          .fetch(plan.hash(), List.of(plan.from()), null);
      me.pin(plan.hash(), plan.pin());
      assertThat(me.has(h)).isTrue();
      assertThat(replicator.why(h)).contains("RECIPROCAL");
    } finally {
      executor.shutdownNow();
    }
  }

  /** Once, more than 256 pins made the announcement throw, and replication stopped silently. */
  @Test
  void tenThousandPinsAreAnnouncedInPages() throws Exception {
    try (FileBlobStore me = new FileBlobStore(dir.resolve("me"), () -> 0L);
        FakeHolders net = new FakeHolders()) {
      List<Replicator.Announced> received = new ArrayList<>();
      BlobsServer myServer = new BlobsServer(me, BlobsConfig.defaults());
      myServer.onAnnounce((from, pins) -> received.addAll(pins));
      net.add(FakeHolders.key(5), myServer);
      List<Replicator.Announced> pins = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        pins.add(
            new Replicator.Announced(
                BlobHash.ofContent(java.nio.ByteBuffer.allocate(4).putInt(i).array()), i + 1));
      }
      try (BlobsClient c = net.connect(FakeHolders.key(5))) {
        c.announce(pins);
      }
      assertThat(received).containsExactlyElementsOf(pins);
    }
  }
}
