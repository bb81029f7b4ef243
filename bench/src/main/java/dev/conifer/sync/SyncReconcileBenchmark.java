package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import dev.conifer.sync.reconcile.ReconcileConfig;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.FakeEntryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures the issue's reconciliation targets through real {@link SyncSession}s (HELLO to DONE,
 * frames included). Not a unit test: run it with
 *
 * <pre>
 * mvn -q -B -DskipTests package -pl bench -am
 * java -Xmx3g -cp bench/target/benchmarks.jar dev.conifer.sync.SyncReconcileBenchmark
 * </pre>
 *
 * The bulk of each set is random 32-byte ids (indistinguishable from BLAKE3 entry ids); the
 * differing items are real signed entries, so their encoded size is what a user would move.
 */
public final class SyncReconcileBenchmark {
  private static final long YEAR_US = 365L * 86_400 * 1_000_000;
  private static final long T0_US = 1_780_000_000_000_000L;

  private SyncReconcileBenchmark() {}

  record Outcome(int roundTrips, long bytes, long entryBytes, long moved, long millis) {}

  public static void main(String[] args) throws Exception {
    long seed = Long.getLong("sync.seed", 1L);
    ReconcileConfig config = ReconcileConfig.defaults();
    System.out.println("seed " + seed + ", config " + config);
    for (int rep = 0; rep < 3; rep++) {
      report(
          "1M each side, 1 differing (B has 1 extra)",
          run(seed + rep, 1_000_000, 0, 1, config),
          3,
          4096,
          -1);
      report(
          "1M each side, 1 differing on each side",
          run(seed + rep, 1_000_000, 1, 1, config),
          3,
          4096,
          -1);
      Outcome o = run(seed + rep, 100_000, 500, 500, config);
      report(
          "100k, 1% differing (500 only on A, 500 only on B)",
          o, -1, -1, 2 * o.entryBytes() + 16 * 1024);
      Outcome p = run(seed + rep, 100_000, 0, 1000, config);
      report("100k, 1% differing (1000 only on B)", p, -1, -1, 2 * p.entryBytes() + 16 * 1024);
    }
  }

  static Outcome run(long seed, int common, int onlyA, int onlyB, ReconcileConfig config)
      throws Exception {
    Random random = new Random(seed);
    Signer nsSigner = Ed25519.signerFromSeed(bytes(random, 32));
    PublicKey ns = nsSigner.publicKey();
    ItemSet.Builder a = ItemSet.builder();
    ItemSet.Builder b = ItemSet.builder();
    for (int i = 0; i < common; i++) {
      long ts = T0_US + (long) (random.nextDouble() * YEAR_US);
      byte[] id = bytes(random, 32);
      a.add(ts, id);
      b.add(ts, id);
    }
    List<Entry> realA = entries(random, nsSigner, onlyA, "a");
    List<Entry> realB = entries(random, nsSigner, onlyB, "b");
    realA.forEach(e -> a.add(e.timestampUs(), e.id()));
    realB.forEach(e -> b.add(e.timestampUs(), e.id()));
    long entryBytes = 0;
    for (Entry e : realA) {
      entryBytes += e.encodedLength();
    }
    for (Entry e : realB) {
      entryBytes += e.encodedLength();
    }
    Signer nodeA = Ed25519.signerFromSeed(bytes(random, 32));
    Signer nodeB = Ed25519.signerFromSeed(bytes(random, 32));
    FakeEntryStore storeA = new FakeEntryStore(a.build(), realA);
    FakeEntryStore storeB = new FakeEntryStore(b.build(), realB);
    SyncContext ctxA =
        context(nodeA, storeA, config, Grant.issue(nsSigner, nodeA.publicKey(), Grant.Mode.READ));
    SyncContext ctxB =
        context(nodeB, storeB, config, Grant.issue(nsSigner, nodeB.publicKey(), Grant.Mode.READ));
    long start = System.nanoTime();
    SyncSession init =
        SyncSession.initiate(ctxA, nodeB.publicKey(), Interest.all(ns), random.nextLong());
    SyncSession resp = SyncSession.respond(ctxB, nodeA.publicKey());
    long now = T0_US + YEAR_US;
    boolean moved = true;
    while (moved) {
      moved = false;
      byte[] m;
      while ((m = init.pollMessage()) != null) {
        resp.handleMessage(m, now);
        moved = true;
      }
      while ((m = resp.pollMessage()) != null) {
        init.handleMessage(m, now);
        moved = true;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (init.failure() != null || storeA.inserted != onlyB || storeB.inserted != onlyA) {
      throw new AssertionError(
          "sync incomplete: "
              + init.failure()
              + " A got "
              + storeA.inserted
              + " B got "
              + storeB.inserted);
    }
    return new Outcome(
        init.roundTrips(),
        init.bytesSent() + init.bytesReceived(),
        entryBytes,
        onlyA + onlyB,
        millis);
  }

  private static SyncContext context(
      Signer node, EntryStore store, ReconcileConfig config, Grant readGrant) {
    return SyncContext.builder(
            node.publicKey(),
            store,
            new EntryValidator(Ed25519.VERIFIER, 60_000_000L),
            ns -> readGrant)
        .reconcileConfig(config)
        .build();
  }

  private static List<Entry> entries(Random random, Signer ns, int count, String side) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "paths/" + side + random.nextInt(1000) + "/lesson-" + i;
      long ts = T0_US + (long) (random.nextDouble() * YEAR_US);
      out.add(
          Entry.sign(
              ns,
              ns.publicKey(),
              key.getBytes(StandardCharsets.UTF_8),
              ts,
              bytes(random, 32),
              1000 + random.nextInt(100_000),
              false,
              null));
    }
    return out;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void report(String name, Outcome o, int rtMax, long bytesMax, long budget) {
    String verdict;
    if (budget >= 0) {
      verdict = o.bytes() <= budget ? "MET" : "MISSED";
      verdict += " (budget " + budget + " B = 2 x " + o.entryBytes() + " B entries + 16 KiB)";
    } else {
      verdict = o.roundTrips() <= rtMax && o.bytes() <= bytesMax ? "MET" : "MISSED";
      verdict += " (target <= " + rtMax + " round trips, <= " + bytesMax + " B)";
    }
    System.out.printf(
        "%-52s round trips %d, total %,d B, entries moved %d (%,d B), %d ms: %s%n",
        name, o.roundTrips(), o.bytes(), o.moved(), o.entryBytes(), o.millis(), verdict);
  }
}
