package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SQLite store costs behind sync: receiving entries in ENTRIES-sized batches, building the
 * reconciliation set, and the latency of a durable local put. Not a unit test; run like {@link
 * SyncReconcileBenchmark} with {@code dev.conifer.sync.SyncStoreBenchmark [COUNT]}.
 */
public final class SyncStoreBenchmark {
  private SyncStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Random random = new Random(3);
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    Signer ns = Ed25519.signerFromSeed(seed);
    long t0 = 1_780_000_000_000_000L;
    List<Entry> entries = new ArrayList<>(count);
    long signStart = System.nanoTime();
    for (int i = 0; i < count; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      entries.add(
          Entry.sign(
              ns,
              ns.publicKey(),
              ("paths/" + random.nextInt(1000) + "/lesson-" + i).getBytes(StandardCharsets.UTF_8),
              t0 + random.nextInt(1_000_000_000),
              hash,
              1000,
              false,
              null));
    }
    System.out.printf(
        "sign %d entries: %.1f µs/entry%n", count, (System.nanoTime() - signStart) / 1e3 / count);
    Path dir = Files.createTempDirectory("sync-store-bench");
    try (SyncNode node =
        new SyncNode(
            dir,
            Ed25519.signerFromSeed(new byte[32]),
            new MemoryContentStore(),
            null,
            SyncConfig.defaults(),
            () -> t0)) {
      node.createNamespace("bench", seed, SyncDirectory.ContentPolicy.LAZY);
      EntryValidator validator = new EntryValidator(Ed25519.VERIFIER, 60_000_000L);
      long validateNs = 0;
      long insertNs = 0;
      for (int i = 0; i < count; i += 300) {
        List<Entry> batch = entries.subList(i, Math.min(count, i + 300));
        long v = System.nanoTime();
        for (Entry e : batch) {
          validator.check(e, t0 + 2_000_000_000L);
        }
        long w = System.nanoTime();
        node.store().insertAll(batch);
        validateNs += w - v;
        insertNs += System.nanoTime() - w;
      }
      double s = (validateNs + insertNs) / 1e9;
      System.out.printf(
          "receive %d entries (validate + insert, 300 per transaction): %.1f s,"
              + " %.0f entries/s; validate %.1f µs/entry, insert %.1f µs/entry%n",
          count, s, count / s, validateNs / 1e3 / count, insertNs / 1e3 / count);
      for (int rep = 0; rep < 3; rep++) {
        long start = System.nanoTime();
        ItemSet items = node.store().items(Interest.all(ns.publicKey()));
        System.out.printf(
            "build reconciliation set of %d items from SQLite: %d ms%n",
            items.size(), (System.nanoTime() - start) / 1_000_000);
      }
      long[] lat = new long[200];
      for (int i = 0; i < lat.length; i++) {
        long p = System.nanoTime();
        node.put(ns.publicKey(), "local/" + i, new byte[100], false);
        lat[i] = System.nanoTime() - p;
      }
      Arrays.sort(lat);
      System.out.printf(
          "durable local put (WAL, synchronous=FULL): p50 %.2f ms, p99 %.2f ms%n",
          lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6);
    }
  }
}
