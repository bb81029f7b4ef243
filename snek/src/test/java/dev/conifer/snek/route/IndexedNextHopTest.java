package dev.conifer.snek.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.Watermark;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexedNextHop} gives exactly {@link ReferenceNextHop}'s answer (port and watermark) over
 * seeded random routing states: peers, paths that share keys, parents, stale and foreign routes,
 * watermarks, traffic and bootstraps.
 */
class IndexedNextHopTest {
  private static final int STATES = Integer.getInteger("snek.states", 10_000);
  private static final long EXPIRY = 10_000_000_000L;

  @Test
  void matchesTheReferenceOnRandomStates() {
    long base = Long.getLong("snek.seed", 20261124L);
    for (int i = 0; i < STATES; i++) {
      long seed = base + i;
      RandomState state = new RandomState(new SeededRandom(seed));
      for (int q = 0; q < 8; q++) {
        PublicKey destination = state.someKey();
        boolean bootstrap = state.random.nextInt(3) == 0;
        Watermark watermark = state.someWatermark();
        Hop reference = ReferenceNextHop.snek(state, destination, bootstrap, watermark);
        Hop indexed =
            IndexedNextHop.snek(state, state.index, state.table, destination, bootstrap, watermark);
        assertThat(indexed)
            .as("reproduce: -Dsnek.seed=%d -Dsnek.states=1 (query %d)", seed, q)
            .isEqualTo(reference);
      }
    }
  }

  @Test
  void theTreeHopCacheMatchesTheReferenceWhenInvalidatedOnEveryChange() {
    long base = Long.getLong("snek.seed", 20261124L);
    TreeHopCache cache = new TreeHopCache(); // one cache across states, as in a node over time
    for (int i = 0; i < STATES / 10; i++) {
      long seed = base + i;
      RandomState state = new RandomState(new SeededRandom(seed));
      cache.invalidate(); // the tree changed
      for (int q = 0; q < 300; q++) { // more destinations than slots: collisions recompute
        long[] ports = new long[state.random.nextInt(6)];
        for (int d = 0; d < ports.length; d++) {
          ports[d] = 1 + state.random.nextInt(3);
        }
        int from = state.random.nextInt(state.portLimit + 2) - 1;
        int reference = ReferenceNextHop.tree(state, from, ports, ports.length);
        for (int again = 0; again < 2; again++) {
          assertThat(cache.tree(state, from, ports, ports.length))
              .as("reproduce: -Dsnek.seed=%d (query %d, %s from %d)", seed, q, ports, from)
              .isEqualTo(reference);
          assertThat(cache.tree(state, from, Coordinates.of(ports)))
              .as("reproduce: -Dsnek.seed=%d (query %d, decoded)", seed, q)
              .isEqualTo(reference);
        }
      }
    }
  }

  /** A signer that only names a key: the next-hop code never checks signatures. */
  private record NamedKey(PublicKey publicKey) implements Signer {
    @Override
    public byte[] sign(byte[] message, int offset, int length) {
      return new byte[SIGNATURE_LENGTH];
    }
  }

  private static final class RandomState implements RoutingView {
    final SeededRandom random;
    final PublicKey[] pool;
    final PublicKey self;
    final int portLimit;
    final PublicKey[] peerKeys;
    final PeerType[] peerTypes;
    final PeerAnnouncement[] announcements;
    final boolean[] started;
    final RoutingTable table = new RoutingTable(1 << 16);
    final AncestorIndex index = new AncestorIndex();
    final long now = 100_000_000_000L;
    int parent = Hop.NONE;

    RandomState(SeededRandom random) {
      this.random = random;
      // Few distinct leading words, so keys collide on prefixes and orderings vary.
      pool = new PublicKey[4 + random.nextInt(40)];
      for (int i = 0; i < pool.length; i++) {
        pool[i] =
            PublicKey.ofWords(random.nextLong(6) - 3, random.nextLong(), 0, random.nextLong(4));
      }
      self = pool[random.nextInt(pool.length)];
      portLimit = 1 + random.nextInt(12);
      peerKeys = new PublicKey[portLimit + 1];
      peerTypes = new PeerType[portLimit + 1];
      announcements = new PeerAnnouncement[portLimit + 1];
      started = new boolean[portLimit + 1];
      long order = 0;
      for (int port = 1; port <= portLimit; port++) {
        started[port] = random.nextInt(6) != 0;
        peerKeys[port] = pool[random.nextInt(pool.length)];
        peerTypes[port] = PeerType.values()[random.nextInt(PeerType.values().length)];
        if (started[port] && random.nextInt(5) != 0) {
          announcements[port] = randomAnnouncement(port, order += 1 + random.nextInt(3));
          index.replace(port, peerKeys[port], null, announcements[port]);
        }
      }
      for (int port = 1; port <= portLimit; port++) {
        if (announcements[port] != null && random.nextInt(3) != 0) {
          parent = port;
          break;
        }
      }
      int routes = random.nextInt(3 * pool.length);
      for (int i = 0; i < routes; i++) {
        PublicKey origin = pool[random.nextInt(pool.length)];
        long seq = random.nextInt(4);
        long lastSeen = now - random.nextLong(EXPIRY + EXPIRY / 4);
        table.put(
            new RouteEntry(
                origin,
                1 + random.nextInt(portLimit),
                random.nextInt(portLimit + 1) - 1,
                lastSeen,
                new Root(pool[0], 1),
                new Watermark(origin, seq)));
      }
    }

    private PeerAnnouncement randomAnnouncement(int port, long order) {
      PublicKey rootKey = pool[random.nextInt(pool.length)];
      SwitchAnnouncement a = SwitchAnnouncement.rootOnly(new Root(rootKey, 1 + random.nextInt(2)));
      a = a.signedFor(1 + random.nextInt(3), new NamedKey(rootKey));
      int depth = random.nextInt(5);
      for (int i = 0; i < depth; i++) {
        a = a.signedFor(1 + random.nextInt(3), new NamedKey(pool[random.nextInt(pool.length)]));
      }
      a = a.signedFor(port, new NamedKey(peerKeys[port]));
      return PeerAnnouncement.of(a, now, order);
    }

    PublicKey someKey() {
      return random.nextInt(4) == 0
          ? PublicKey.ofWords(random.nextLong(6) - 3, random.nextLong(), 0, random.nextLong(4))
          : pool[random.nextInt(pool.length)];
    }

    Watermark someWatermark() {
      return random.nextInt(3) == 0 ? Watermark.NONE : new Watermark(someKey(), random.nextInt(4));
    }

    @Override
    public PublicKey selfKey() {
      return self;
    }

    @Override
    public Coordinates selfCoordinates() {
      return parent == Hop.NONE
          ? Coordinates.ROOT
          : announcements[parent].announcement().receiverCoordinates();
    }

    @Override
    public Root root() {
      return parent == Hop.NONE ? new Root(self, 1) : announcements[parent].root();
    }

    @Override
    public int parentPort() {
      return parent;
    }

    @Override
    public int portLimit() {
      return portLimit;
    }

    @Override
    public boolean isStarted(int port) {
      return port >= 1 && port <= portLimit && started[port];
    }

    @Override
    public PublicKey peerKey(int port) {
      return peerKeys[port];
    }

    @Override
    public PeerType peerType(int port) {
      return peerTypes[port];
    }

    @Override
    public PeerAnnouncement announcement(int port) {
      return port >= 1 && port <= portLimit ? announcements[port] : null;
    }

    @Override
    public Iterable<RouteEntry> routes() {
      return table.values();
    }

    @Override
    public long nowNs() {
      return now;
    }
  }
}
