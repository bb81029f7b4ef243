package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Blake3;
import dev.conifer.sync.entry.ConflictRule;
import dev.conifer.sync.entry.Entry;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.reconcile.ItemSet;
import dev.conifer.sync.store.EntryStore;
import dev.conifer.sync.store.SqliteEntryStore;
import dev.conifer.sync.store.SyncDatabase;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 5: the current state of a key is a function of the SET of entries, never of their
 * arrival order. Seeded random sets (same and different keys, equal timestamps, plain values,
 * document parts, snapshots, tombstones, entries from the future) are inserted in random orders on
 * several stores, and spread over 3 replicas that run random partial and interrupted syncs; every
 * replica must end with the same current state, equal to the rule's reference model below.
 * Reproduce a failure with {@code -Dsync.convergence.seed=N}.
 */
class ConvergenceProperties {
  private static final long T0_US = SyncTestNet.T0_US;
  private static final long BASE_SEED = Long.getLong("sync.convergence.seed", 18_005L);
  private static final int CASE_COUNT = Integer.getInteger("sync.convergence.cases", 16);
  private static final String[] KEYS = {"a", "b", "c/1", "c/2"};

  @TempDir(factory = MemoryBackedTempDir.class)
  Path dir;

  @Test
  void currentStateIsAFunctionOfTheSetOfEntries() throws Exception {
    for (int i = 0; i < CASE_COUNT; i++) {
      long seed = BASE_SEED + i;
      try {
        runCase(seed, dir.resolve("case" + i));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "convergence case failed, reproduce with -Dsync.convergence.seed="
                + seed
                + " -Dsync.convergence.cases=1: "
                + e.getMessage(),
            e);
      }
    }
  }

  private void runCase(long seed, Path caseDir) {
    Random random = new Random(seed);
    try (SyncTestNet net = new SyncTestNet(caseDir, seed)) {
      List<SyncTestNet.TestNode> replicas = replicas(net);
      PublicKey ns = replicas.get(0).node().directory().namespaces().get(0).namespace();
      List<Signer> authors = authors(net, replicas.get(0).node(), ns);
      List<Entry> entries = randomEntries(random, ns, authors);
      String expected = stateHash(ReferenceRule.current(entries));

      List<String> byOrder = new ArrayList<>();
      for (int order = 0; order < 4; order++) {
        List<Entry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, random);
        try (SqliteEntryStore store =
            new SqliteEntryStore(SyncDatabase.open(caseDir.resolve("order" + order)), 2)) {
          insertInBatches(store, shuffled, random);
          byOrder.add(stateHash(store, ns));
          assertThat(byOrder).as("state after each insertion order").containsOnly(byOrder.get(0));
          // Re-sending anything changes nothing.
          store.insertAll(shuffled.subList(0, shuffled.size() / 2));
          assertThat(stateHash(store, ns))
              .as("after re-sending, order %d", order)
              .isEqualTo(byOrder.get(order));
        }
      }
      assertThat(byOrder.get(0)).as("state against the reference rule").isEqualTo(expected);

      spreadOverReplicas(entries, replicas, random);
      for (int s = 0; s < 12; s++) {
        int a = random.nextInt(3);
        int b = (a + 1 + random.nextInt(2)) % 3;
        syncPartially(net, replicas.get(a), replicas.get(b), randomInterest(random, ns), random);
      }
      // The clocks catch up with the entries from the future; then every pair syncs fully.
      replicas.forEach(r -> r.clockUs().addAndGet(3_600_000_000L));
      int[][] pairs = {{0, 1}, {1, 2}, {0, 1}, {2, 0}};
      for (int[] p : pairs) {
        SyncSession session = net.sync(replicas.get(p[0]), replicas.get(p[1]), Interest.all(ns));
        assertThat(session.failure()).isNull();
      }
      for (int r = 0; r < 3; r++) {
        assertThat(stateHash(replicas.get(r).node().store(), ns))
            .as("replica %d after syncs", r)
            .isEqualTo(expected);
      }
    }
  }

  private static List<SyncTestNet.TestNode> replicas(SyncTestNet net) {
    List<SyncTestNet.TestNode> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(net.node("r" + i));
    }
    SyncNode owner = out.get(0).node();
    PublicKey ns =
        owner.createNamespace("prop", net.seed(), SyncDirectory.ContentPolicy.LAZY).namespace();
    for (int i = 1; i < 3; i++) {
      SyncNode n = out.get(i).node();
      n.joinNamespace(
          "prop",
          owner.grant(ns, n.nodeKey(), Grant.Mode.READ),
          null,
          SyncDirectory.ContentPolicy.LAZY);
    }
    return out;
  }

  /** The namespace key and two writers holding write grants. */
  private static List<Signer> authors(SyncTestNet net, SyncNode owner, PublicKey ns) {
    List<Signer> out = new ArrayList<>();
    out.add(Ed25519.signerFromSeed(owner.directory().namespaces().get(0).seed()));
    out.add(Ed25519.signerFromSeed(net.seed()));
    out.add(Ed25519.signerFromSeed(net.seed()));
    return out;
  }

  private static List<Entry> randomEntries(Random random, PublicKey ns, List<Signer> authors) {
    int n = 6 + random.nextInt(22);
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Signer author = authors.get(random.nextInt(authors.size()));
      Grant grant =
          author.publicKey().equals(ns)
              ? null
              : Grant.issue(authors.get(0), author.publicKey(), Grant.Mode.WRITE);
      String key = KEYS[random.nextInt(KEYS.length)];
      // Few distinct timestamps, so equal timestamps (and equal authors) are common.
      long ts = T0_US + 1000L * random.nextInt(6);
      if (random.nextInt(10) == 0) {
        ts = T0_US + 600_000_000L + random.nextInt(1000); // beyond the 5 min clock skew
      }
      byte[] content = new byte[8];
      random.nextBytes(content);
      Entry.Kind kind = Entry.Kind.values()[random.nextInt(Entry.Kind.values().length)];
      out.add(sign(kind, author, ns, key, ts, content, grant));
    }
    return out;
  }

  /** Signs an entry of {@code kind}; a tombstone carries no content. */
  private static Entry sign(
      Entry.Kind kind,
      Signer author,
      PublicKey ns,
      String key,
      long ts,
      byte[] content,
      Grant grant) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    if (kind == Entry.Kind.TOMBSTONE) {
      return Entry.signTombstone(author, ns, k, ts, grant);
    }
    return Entry.sign(author, ns, k, ts, Blake3.hash(content), content.length, kind, grant);
  }

  private static void insertInBatches(EntryStore store, List<Entry> entries, Random random) {
    int from = 0;
    while (from < entries.size()) {
      int to = Math.min(entries.size(), from + 1 + random.nextInt(4));
      store.insertAll(entries.subList(from, to));
      from = to;
    }
  }

  /** Each entry starts on one or two replicas, stored as that replica's own write would be. */
  private static void spreadOverReplicas(
      List<Entry> entries, List<SyncTestNet.TestNode> replicas, Random random) {
    List<List<Entry>> perReplica = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Entry e : entries) {
      int origin = random.nextInt(3);
      perReplica.get(origin).add(e);
      if (random.nextInt(3) == 0) {
        perReplica.get((origin + 1) % 3).add(e);
      }
    }
    for (int r = 0; r < 3; r++) {
      Collections.shuffle(perReplica.get(r), random);
      insertInBatches(replicas.get(r).node().store(), perReplica.get(r), random);
    }
  }

  private static Interest randomInterest(Random random, PublicKey ns) {
    return switch (random.nextInt(3)) {
      case 0 -> Interest.all(ns);
      case 1 -> Interest.prefix(ns, "c/".getBytes(StandardCharsets.UTF_8));
      default -> new Interest(ns, List.of(), T0_US + 1000, T0_US + 4000);
    };
  }

  /** A sync that may be cut off after a random number of messages, as a dropped link would. */
  private static void syncPartially(
      SyncTestNet net,
      SyncTestNet.TestNode a,
      SyncTestNet.TestNode b,
      Interest interest,
      Random random) {
    if (random.nextBoolean()) {
      net.sync(a, b, interest);
      return;
    }
    int budget = 1 + random.nextInt(6);
    SyncSession init = a.node().initiate(b.node().nodeKey(), interest, random.nextLong());
    SyncSession resp = b.node().respond(a.node().nodeKey());
    while (budget > 0) {
      byte[] m = init.pollMessage();
      SyncSession to = resp;
      long now = b.clockUs().get();
      if (m == null) {
        m = resp.pollMessage();
        to = init;
        now = a.clockUs().get();
      }
      if (m == null) {
        break;
      }
      to.handleMessage(m, now);
      budget--;
    }
  }

  /** The live index's state, checked against the same state read from SQLite. */
  static String stateHash(EntryStore store, PublicKey ns) {
    String indexed = stateHash(store.items(Interest.all(ns)));
    // An empty prefix matches every key but takes the SQL path, not the live index.
    Interest viaSql = new Interest(ns, List.of(new byte[0]), 0, Long.MAX_VALUE);
    assertThat(indexed).as("live index against SQLite").isEqualTo(stateHash(store.items(viaSql)));
    return indexed;
  }

  private static String stateHash(ItemSet items) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ids.add(HexFormat.of().formatHex(items.id(i)));
    }
    return digest(ids);
  }

  static String stateHash(List<Entry> current) {
    return digest(current.stream().map(Entry::idHex).toList());
  }

  private static String digest(List<String> ids) {
    List<String> sorted = new ArrayList<>(ids);
    Collections.sort(sorted);
    byte[] h = Blake3.hash(String.join(",", sorted).getBytes(StandardCharsets.US_ASCII));
    return sorted.size() + " current, " + HexFormat.of().formatHex(h, 0, 8);
  }

  /**
   * The rule as a specification, written independently of the store: an entry is current iff no
   * entry of the set dominates it. A plain value or tombstone dominates every entry of its key
   * below it in (timestamp, author, id) order; a snapshot dominates the parts and snapshots below
   * it; a part dominates nothing.
   */
  static final class ReferenceRule {
    static List<Entry> current(List<Entry> entries) {
      List<Entry> all = entries.stream().distinct().toList(); // equal bytes, one entry
      List<Entry> out = new ArrayList<>();
      for (Entry e : all) {
        if (all.stream().noneMatch(d -> dominates(d, e))) {
          out.add(e);
        }
      }
      return out;
    }

    static boolean dominates(Entry a, Entry b) {
      if (!a.namespace().equals(b.namespace()) || !Arrays.equals(a.key(), b.key())) {
        return false;
      }
      if (ConflictRule.ORDER.compare(a, b) <= 0) {
        return false;
      }
      return switch (a.kind()) {
        case VALUE, TOMBSTONE -> true;
        case SNAPSHOT -> b.kind() == Entry.Kind.PART || b.kind() == Entry.Kind.SNAPSHOT;
        case PART -> false;
      };
    }
  }
}
