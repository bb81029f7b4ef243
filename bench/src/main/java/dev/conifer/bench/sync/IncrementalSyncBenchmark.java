package dev.conifer.bench.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncContext;
import dev.conifer.sync.SyncSession;
import dev.conifer.sync.entry.Blake3;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.EntryValidator;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemIndex;
import dev.conifer.sync.reconcile.ItemSet;
import dev.conifer.sync.store.EntryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Issue 18 item 7's targets for incremental reconciliation, measured on real {@link SyncSession}s
 * over live {@link ItemIndex}es (the structure the SQLite store keeps): the bulk of each side is
 * random ids that never move, the entries that do move are real signed entries. Prints one line per
 * case with round trips, bytes (all frames, both directions) and CPU per side.
 *
 * <p>Run: {@code mvn -o -q -B -pl bench -am package -DskipTests} then {@code java -Xmx3g -cp
 * bench/target/benchmarks.jar dev.conifer.bench.sync.IncrementalSyncBenchmark [seed]}.
 */
public final class IncrementalSyncBenchmark {
  private static final long T0_US = 1_780_000_000_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Random random;
  private final Signer namespace;
  private final Signer nodeA;
  private final Signer nodeB;
  private long nextTs = T0_US;

  private IncrementalSyncBenchmark(long seed) {
    random = new Random(seed);
    namespace = signer();
    nodeA = signer();
    nodeB = signer();
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 18L;
    IncrementalSyncBenchmark b = new IncrementalSyncBenchmark(seed);
    System.out.println("seed " + seed);
    b.oneDifference(1_000_000);
    b.onePercentDifferent(100_000);
    b.offlineForAWeek(1_000_000, 10_000);
  }

  /** 1,000,000 entries each side, 1 differing: ≤ 3 round trips, ≤ 4 KB, ≤ 50 ms CPU per side. */
  private void oneDifference(int n) {
    ItemSet[] base = randomBase(n);
    Side a = new Side(nodeA, ItemIndex.of(base[0]));
    Side b = new Side(nodeB, ItemIndex.of(base[1]));
    long salt = random.nextLong();
    Result cold = run(a, b, salt);
    System.out.println("1M each side, in sync, first session with a new salt: " + cold);
    for (int i = 0; i < 5; i++) {
      a.write(realEntry());
      Result warm = run(a, b, salt);
      System.out.println("1M each side, 1 differing (salt reused): " + warm);
    }
  }

  /** 100,000 entries, 1% differing: bytes ≤ 2 × the differing entries + 16 KB. */
  private void onePercentDifferent(int n) {
    int differing = n / 100;
    ItemSet[] base = randomBase(n - differing);
    Side a = new Side(nodeA, ItemIndex.of(base[0]));
    Side b = new Side(nodeB, ItemIndex.of(base[1]));
    long entryBytes = 0;
    for (int i = 0; i < differing; i++) {
      Entry e = realEntry();
      entryBytes += e.encodedLength();
      (i % 2 == 0 ? a : b).write(e);
    }
    Result r = run(a, b, random.nextLong());
    System.out.printf(
        "100k, 1%% differing (%d entries, %d B): %s; budget %d B%n",
        differing, entryBytes, r, 2 * entryBytes + 16 * 1024);
  }

  /** A node offline for a week: 10,000 new entries on the other side, caught up in one session. */
  private void offlineForAWeek(int n, int fresh) {
    ItemSet[] base = randomBase(n);
    Side a = new Side(nodeA, ItemIndex.of(base[0]));
    Side b = new Side(nodeB, ItemIndex.of(base[1]));
    long entryBytes = 0;
    for (int i = 0; i < fresh; i++) {
      Entry e = realEntry();
      entryBytes += e.encodedLength();
      b.write(e);
    }
    Result r = run(a, b, random.nextLong());
    System.out.printf(
        "1M, 10k new on one side (%d B of entries): %s; learned %d%n",
        entryBytes, r, a.store.received);
  }

  /** Two equal sets of {@code n} random items, built separately so no chunk is shared. */
  private ItemSet[] randomBase(int n) {
    long seed = random.nextLong();
    ItemSet[] out = new ItemSet[2];
    for (int side = 0; side < 2; side++) {
      Random ids = new Random(seed);
      ItemSet.Builder builder = ItemSet.builder();
      byte[] id = new byte[32];
      for (int i = 0; i < n; i++) {
        ids.nextBytes(id);
        builder.add(nextTs + i, id);
      }
      out[side] = builder.build();
    }
    nextTs += n;
    return out;
  }

  private Entry realEntry() {
    byte[] key = ("paths/" + random.nextInt(1_000_000)).getBytes();
    byte[] content = new byte[16];
    random.nextBytes(content);
    return Entry.sign(
        namespace,
        namespace.publicKey(),
        key,
        nextTs++,
        Blake3.hash(content),
        content.length,
        false,
        null);
  }

  /** One session, A initiating; CPU is each side's own thread time handling messages. */
  private Result run(Side a, Side b, long salt) {
    Interest interest = Interest.all(namespace.publicKey());
    long[] cpu = new long[2];
    long t = THREADS.getCurrentThreadCpuTime();
    SyncSession init = SyncSession.initiate(a.context, nodeB.publicKey(), interest, salt);
    cpu[0] += THREADS.getCurrentThreadCpuTime() - t;
    SyncSession resp = SyncSession.respond(b.context, nodeA.publicKey());
    long bytes = 0;
    for (int step = 0; step < 100_000; step++) {
      boolean moved = false;
      byte[] m;
      while ((m = init.pollMessage()) != null) {
        bytes += m.length + 4;
        t = THREADS.getCurrentThreadCpuTime();
        resp.handleMessage(m, T0_US + 3600L * 1_000_000 * 24 * 365);
        cpu[1] += THREADS.getCurrentThreadCpuTime() - t;
        moved = true;
      }
      while ((m = resp.pollMessage()) != null) {
        bytes += m.length + 4;
        t = THREADS.getCurrentThreadCpuTime();
        init.handleMessage(m, T0_US + 3600L * 1_000_000 * 24 * 365);
        cpu[0] += THREADS.getCurrentThreadCpuTime() - t;
        moved = true;
      }
      if (!moved) {
        break;
      }
    }
    if (init.failure() != null || resp.failure() != null) {
      throw new IllegalStateException("session failed: " + init.failure() + resp.failure());
    }
    return new Result(init.roundTrips(), bytes, cpu[0] / 1e6, cpu[1] / 1e6);
  }

  private record Result(int roundTrips, long bytes, double cpuMsA, double cpuMsB) {
    @Override
    public String toString() {
      return String.format(
          "%d round trips, %d B, CPU A %.1f ms, B %.1f ms", roundTrips, bytes, cpuMsA, cpuMsB);
    }
  }

  private Signer signer() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519.signerFromSeed(seed);
  }

  /** One node: a store over a live index, and a session context reading it. */
  private final class Side {
    final BenchStore store;
    final SyncContext context;

    Side(Signer node, ItemIndex index) {
      store = new BenchStore(index);
      Grant read = Grant.issue(namespace, node.publicKey(), Grant.Mode.READ);
      context =
          SyncContext.builder(
                  node.publicKey(),
                  store,
                  new EntryValidator(Ed25519.VERIFIER, 300_000_000L),
                  ns -> read)
              .build();
    }

    void write(Entry e) {
      store.insert(e, true, 0);
    }
  }

  /** The live index plus the real entries that can move. */
  private static final class BenchStore implements EntryStore {
    private final ItemIndex index;
    private final Map<String, Entry> real = new HashMap<>();
    int received;

    BenchStore(ItemIndex index) {
      this.index = index;
    }

    @Override
    public InsertOutcome insert(Entry entry, boolean local, long storedEpochMs) {
      if (real.putIfAbsent(entry.idHex(), entry) != null) {
        return InsertOutcome.DUPLICATE;
      }
      index.add(entry.timestampUs(), entry.id());
      if (!local) {
        received++;
      }
      return InsertOutcome.STORED;
    }

    @Override
    public long localWritesSince(long sinceEpochMs) {
      return 0;
    }

    @Override
    public Optional<Entry> entry(byte[] id) {
      return Optional.ofNullable(real.get(HexFormat.of().formatHex(id)));
    }

    @Override
    public List<Entry> current(PublicKey namespace, byte[] key) {
      return new ArrayList<>();
    }

    @Override
    public List<Superseded> superseded(PublicKey namespace, byte[] key) {
      return new ArrayList<>();
    }

    @Override
    public List<Entry> list(PublicKey namespace, byte[] prefix, int limit) {
      return new ArrayList<>();
    }

    @Override
    public ItemSet items(Interest interest) {
      return index.snapshot();
    }

    @Override
    public long currentCount(PublicKey namespace) {
      return index.size();
    }

    @Override
    public long conflictsDecided() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
