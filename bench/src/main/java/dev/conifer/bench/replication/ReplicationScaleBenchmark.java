package dev.conifer.bench.replication;

import dev.conifer.simulator.EventQueue;
import dev.conifer.simulator.SimClock;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.HolderRank;
import dev.conifer.transfer.replicate.NodeRole;
import dev.conifer.transfer.replicate.PublicationPage;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Issue 20 item 6: replication policy at scale in the simulator's virtual time. 1,000 nodes in
 * clusters of 4-8 (households) with 1-2 always-on members; laptops and phones come and go (churn),
 * always-on nodes rarely go down. Laptops and phones publish blobs (their sovereign data); each
 * always-on node trusts its own cluster's members as SOVEREIGN and a partner cluster's members as
 * RECIPROCAL (20 GiB each), and pulls their publication lists every 30 minutes, from the best
 * online holder by {@link HolderRank}. Admission, quotas and eviction are the real {@link
 * Replicator} over an index without bytes ({@link MemoryBlobStore}); list transfer and fetches are
 * modelled (a blob moves from any online holder, a list from any online node keeping it).
 *
 * <p>Prints, every 6 virtual hours: blobs published, the share with at least 1 and at least 2
 * always-on copies, bytes moved (blobs and list pages), and nodes online. A benchmark, not a test.
 *
 * <p>Run: {@code mvn -o -q -B -pl bench -am package -DskipTests} then {@code java -cp
 * bench/target/benchmarks.jar dev.conifer.bench.replication.ReplicationScaleBenchmark [seed]
 * [nodes] [days]}.
 */
public final class ReplicationScaleBenchmark {
  static final long MINUTE_NS = 60_000_000_000L;
  static final long HOUR_NS = 60 * MINUTE_NS;
  static final long PULL_INTERVAL_NS = 30 * MINUTE_NS;
  static final long RECIPROCAL_QUOTA = 20L << 30;
  static final long ALWAYS_ON_CAPACITY = 2L << 40;

  final class Node {
    final int id;
    final PublicKey key;
    final NodeRole role;
    final int cluster;
    final MemoryBlobStore store;
    final Replicator replicator;
    final List<TrustRule> rules = new ArrayList<>();
    final Map<PublicKey, Integer> listsKept = new HashMap<>();
    boolean online = true;

    Node(int id, NodeRole role, int cluster) {
      this.id = id;
      this.key = keyOf(id);
      this.role = role;
      this.cluster = cluster;
      this.store = new MemoryBlobStore(clock::epochMs, hash -> holders.get(hash).remove(this));
      this.replicator = new Replicator(store, rules);
    }

    List<String> clusters() {
      return List.of("c" + cluster);
    }
  }

  private final Random random;
  private final SimClock clock = new SimClock();
  private final EventQueue queue = new EventQueue(clock);
  private final List<Node> nodes = new ArrayList<>();
  private final Map<PublicKey, Node> byKey = new HashMap<>();
  private final Map<BlobHash, Set<Node>> holders = new HashMap<>();
  private final Map<PublicKey, List<Replicator.Announced>> published = new HashMap<>();
  private long blobBytesMoved;
  private long listBytesMoved;
  private long unreachablePulls;
  private long fetchMisses;
  private long blobCounter;

  ReplicationScaleBenchmark(long seed) {
    this.random = new Random(seed);
  }

  static PublicKey keyOf(int id) {
    return PublicKey.of(ByteBuffer.allocate(32).putInt(id).putInt(28, 1).array());
  }

  void build(int count) {
    int cluster = 0;
    while (nodes.size() < count) {
      int size = Math.min(4 + random.nextInt(5), count - nodes.size());
      int alwaysOn = 1 + random.nextInt(2);
      for (int i = 0; i < size; i++) {
        NodeRole role =
            i < alwaysOn
                ? NodeRole.ALWAYS_ON
                : random.nextBoolean() ? NodeRole.LAPTOP : NodeRole.PHONE;
        Node n = new Node(nodes.size(), role, cluster);
        nodes.add(n);
        byKey.put(n.key, n);
        published.put(n.key, new ArrayList<>());
      }
      cluster++;
    }
    int clusters = cluster;
    for (Node n : nodes) {
      if (n.role != NodeRole.ALWAYS_ON) {
        continue;
      }
      int partner = (n.cluster ^ 1) < clusters ? n.cluster ^ 1 : n.cluster;
      for (Node m : nodes) {
        if (m == n) {
          continue;
        }
        if (m.cluster == n.cluster) {
          n.rules.add(new TrustRule(m.key, Tier.SOVEREIGN, 0));
        } else if (m.cluster == partner) {
          n.rules.add(new TrustRule(m.key, Tier.RECIPROCAL, RECIPROCAL_QUOTA));
        }
      }
      n.replicator.setRules(n.rules);
    }
  }

  private void at(long timeNs, Runnable r) {
    queue.schedule(
        timeNs,
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            r.run();
          }
        });
  }

  private long exp(long meanNs) {
    return (long) (-Math.log(1 - random.nextDouble()) * meanNs);
  }

  /** Up and down times by role: laptops up 3 h / down 5 h, phones 2 h / 6 h, racks 7 d / 2 h. */
  private void churn(Node n) {
    long meanNs =
        switch (n.role) {
          case ALWAYS_ON -> n.online ? 7 * 24 * HOUR_NS : 2 * HOUR_NS;
          case LAPTOP -> n.online ? 3 * HOUR_NS : 5 * HOUR_NS;
          case PHONE -> n.online ? 2 * HOUR_NS : 6 * HOUR_NS;
        };
    at(
        clock.nowNs() + exp(meanNs),
        () -> {
          n.online = !n.online;
          churn(n);
        });
  }

  /** A laptop or phone adds a blob (1-8 MiB) about every 4 hours it is online. */
  private void publish(Node n) {
    at(
        clock.nowNs() + exp(4 * HOUR_NS),
        () -> {
          if (n.online) {
            long size = (1L << 20) + random.nextInt(7 << 20);
            BlobHash hash =
                BlobHash.ofContent(ByteBuffer.allocate(8).putLong(blobCounter++).array());
            n.store.arrive(hash, size);
            n.store.pin(hash, Pin.user());
            holders.computeIfAbsent(hash, h -> new HashSet<>()).add(n);
            published.get(n.key).add(new Replicator.Announced(hash, size));
            n.listsKept.put(n.key, published.get(n.key).size());
          }
          publish(n);
        });
  }

  private void pullRound() {
    for (Node n : nodes) {
      if (n.online && !n.rules.isEmpty()) {
        for (TrustRule rule : n.rules) {
          pull(n, rule);
        }
        try {
          n.replicator.evictToFit(ALWAYS_ON_CAPACITY);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    at(clock.nowNs() + PULL_INTERVAL_NS, this::pullRound);
  }

  private int rank(Node requester, Node holder, PublicKey publisher) {
    return HolderRank.of(
        holder.role, holder.clusters(), holder.key.equals(publisher), requester.clusters());
  }

  private void pull(Node n, TrustRule rule) {
    PublicKey publisher = rule.key();
    // As PublicationPuller: the publisher when it is online, else the holder with the newest
    // version (best rank among equals).
    Node best = byKey.get(publisher).online ? byKey.get(publisher) : null;
    for (Node h : nodes) {
      if (best != null && best.key.equals(publisher)) {
        break;
      }
      if (h != n && h.online && h.listsKept.getOrDefault(publisher, 0) > 0) {
        int v = h.listsKept.get(publisher);
        int bv = best == null ? -1 : best.listsKept.get(publisher);
        if (v > bv || (v == bv && rank(n, h, publisher) < rank(n, best, publisher))) {
          best = h;
        }
      }
    }
    int have = n.listsKept.getOrDefault(publisher, 0);
    if (best == null) {
      if (published.get(publisher).size() > have) {
        unreachablePulls++;
      }
      return;
    }
    int version = best.listsKept.getOrDefault(publisher, 0);
    if (version <= have) {
      listBytesMoved += PublicationPage.lengthMax() / 4; // page 0 only, mostly empty
      return;
    }
    int pages = (version + PublicationPage.ENTRIES_MAX - 1) / PublicationPage.ENTRIES_MAX;
    listBytesMoved += (long) pages * (120 + 40L * Math.min(version, PublicationPage.ENTRIES_MAX));
    n.listsKept.put(publisher, version);
    List<Replicator.Announced> list = published.get(publisher).subList(0, version);
    try {
      long used = n.replicator.usage(rule);
      for (Replicator.Plan plan : n.replicator.handleAnnouncement(publisher, list)) {
        Node from =
            holders.getOrDefault(plan.hash(), Set.of()).stream()
                .filter(h -> h.online && h != n)
                .min(Comparator.comparingInt(h -> rank(n, h, publisher)))
                .orElse(null);
        if (from == null) {
          fetchMisses++;
          continue;
        }
        n.store.arrive(plan.hash(), plan.size());
        holders.get(plan.hash()).add(n);
        long after = n.replicator.admit(plan, used);
        if (after >= 0) {
          blobBytesMoved += plan.size();
          used = after;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void sample() {
    int total = 0;
    int one = 0;
    int two = 0;
    for (List<Replicator.Announced> blobs : published.values()) {
      for (Replicator.Announced b : blobs) {
        total++;
        long onAlwaysOn =
            holders.getOrDefault(b.hash(), Set.of()).stream()
                .filter(h -> h.role == NodeRole.ALWAYS_ON)
                .count();
        one += onAlwaysOn >= 1 ? 1 : 0;
        two += onAlwaysOn >= 2 ? 1 : 0;
      }
    }
    long online = nodes.stream().filter(n -> n.online).count();
    System.out.printf(
        "%6d h %8d blobs %6.1f%% >=1 always-on %6.1f%% >=2 always-on %9.2f GiB blobs %8.2f MiB"
            + " lists %5d online %7d unreachable pulls %6d fetch misses%n",
        clock.nowNs() / HOUR_NS,
        total,
        total == 0 ? 0.0 : 100.0 * one / total,
        total == 0 ? 0.0 : 100.0 * two / total,
        blobBytesMoved / (double) (1L << 30),
        listBytesMoved / (double) (1L << 20),
        online,
        unreachablePulls,
        fetchMisses);
    at(clock.nowNs() + 6 * HOUR_NS, this::sample);
  }

  void run(int days) {
    for (Node n : nodes) {
      n.online = n.role == NodeRole.ALWAYS_ON || random.nextDouble() < 0.4;
      churn(n);
      if (n.role != NodeRole.ALWAYS_ON) {
        publish(n);
      }
    }
    at(PULL_INTERVAL_NS, this::pullRound);
    at(6 * HOUR_NS, this::sample);
    queue.runUntil(days * 24 * HOUR_NS);
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    ReplicationScaleBenchmark b = new ReplicationScaleBenchmark(seed);
    b.build(count);
    long alwaysOn = b.nodes.stream().filter(n -> n.role == NodeRole.ALWAYS_ON).count();
    System.out.printf(
        "seed %d: %d nodes, %d always-on, %d clusters, %d virtual days%n",
        seed, count, alwaysOn, b.nodes.get(b.nodes.size() - 1).cluster + 1, days);
    long start = System.nanoTime();
    b.run(days);
    System.out.printf("wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}
