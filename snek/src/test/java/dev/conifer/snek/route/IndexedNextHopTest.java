package dev.conifer.snek.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.tree.PeerAnnouncement;
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

  private static final class RandomState extends ArrayRoutingView {
    final SeededRandom random;
    final PublicKey[] pool;
    final RoutingTable table = new RoutingTable(1 << 16);
    final AncestorIndex index = new AncestorIndex();
    final long now = 100_000_000_000L;

    RandomState(SeededRandom random) {
      this.random = random;
      // Few distinct leading words, so keys collide on prefixes and orderings vary.
      pool = new PublicKey[4 + random.nextInt(40)];
      for (int i = 0; i < pool.length; i++) {
        pool[i] =
            PublicKey.ofWords(random.nextLong(6) - 3, random.nextLong(), 0, random.nextLong(4));
      }
      allocate(pool[random.nextInt(pool.length)], 1 + random.nextInt(12));
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
    public Iterable<RouteEntry> routes() {
      return table.values();
    }

    @Override
    public long nowNs() {
      return now;
    }
  }
}
