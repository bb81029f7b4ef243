package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.FakeContentFetcher;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.store.SyncDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory nodes with virtual wall clocks, and a pump that runs two sessions to completion. */
public final class SyncTestNet implements AutoCloseable {
  static final long T0_US = 1_780_000_000_000_000L;

  public record TestNode(
      SyncNode node, MemoryContentStore content, FakeContentFetcher fetcher, AtomicLong clockUs) {}

  private final Path dir;
  private final Random random;
  private final List<TestNode> nodes = new ArrayList<>();

  public SyncTestNet(Path dir, long seed) {
    this.dir = dir;
    this.random = new Random(seed);
  }

  TestNode node(String name) {
    return node(name, SyncConfig.defaults());
  }

  TestNode node(String name, SyncConfig config) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    MemoryContentStore content = new MemoryContentStore();
    FakeContentFetcher fetcher = new FakeContentFetcher(content);
    AtomicLong clock = new AtomicLong(T0_US);
    SyncNode node =
        new SyncNode(
            dir.resolve(name), Ed25519.signerFromSeed(seed), content, fetcher, config, clock::get);
    TestNode t = new TestNode(node, content, fetcher, clock);
    for (TestNode other : nodes) {
      other.fetcher().holder(node.nodeKey(), content);
      fetcher.holder(other.node().nodeKey(), other.content());
    }
    nodes.add(t);
    return t;
  }

  public byte[] seed() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return seed;
  }

  /**
   * Creates namespace "family" on {@code owner}, its content fetched eagerly, and has {@code
   * member} join it with read and write grants; returns the namespace's key.
   */
  PublicKey shareFamily(TestNode owner, TestNode member) {
    PublicKey ns =
        owner
            .node()
            .createNamespace("family", seed(), SyncDirectory.ContentPolicy.EAGER)
            .namespace();
    PublicKey memberKey = member.node().nodeKey();
    member
        .node()
        .joinNamespace(
            "family",
            owner.node().grant(ns, memberKey, Grant.Mode.READ),
            owner.node().grant(ns, memberKey, Grant.Mode.WRITE),
            SyncDirectory.ContentPolicy.EAGER);
    return ns;
  }

  /** Syncs {@code interest} from {@code a} (initiator) with {@code b}; returns a's session. */
  public SyncSession sync(TestNode a, TestNode b, Interest interest) {
    SyncSession init = a.node().initiate(b.node().nodeKey(), interest, random.nextLong());
    SyncSession resp = b.node().respond(a.node().nodeKey());
    for (int step = 0; step < 10_000; step++) {
      byte[] m;
      boolean moved = false;
      while ((m = init.pollMessage()) != null) {
        resp.handleMessage(m, b.clockUs().get());
        moved = true;
      }
      while ((m = resp.pollMessage()) != null) {
        init.handleMessage(m, a.clockUs().get());
        moved = true;
      }
      if (!moved) {
        break;
      }
    }
    a.node().afterSession(init);
    b.node().afterSession(resp);
    return init;
  }

  @Override
  public void close() {
    nodes.forEach(n -> n.node().close());
  }
}
