package dev.conifer.snek.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeHopCache} gives exactly {@link ReferenceNextHop#tree}'s answer while a node's state
 * changes under it in every way the tree can change (announcements, ports up and down, peer types,
 * a new parent or root), told only through the {@link PortChangeLog}, as a node tells it.
 */
class TreeHopCacheTest {
  private static final int RUNS = Integer.getInteger("snek.states", 10_000) / 20;

  @Test
  void matchesTheReferenceWhileTheStateChanges() {
    long base = Long.getLong("snek.seed", 20261207L);
    for (int run = 0; run < RUNS; run++) {
      long seed = base + run;
      SeededRandom random = new SeededRandom(seed);
      Hub hub = new Hub(random, 9 + random.nextInt(40));
      TreeHopCache cache = new TreeHopCache(hub.changes);
      for (int step = 0; step < 400; step++) {
        if (random.nextInt(3) == 0) {
          hub.mutate();
        }
        long[] destination = hub.someDestination();
        int from = random.nextInt(hub.portLimit + 1); // 0: originated here
        int reference = ReferenceNextHop.tree(hub, from, destination, destination.length);
        assertThat(cache.tree(hub, from, destination, destination.length))
            .as(
                "reproduce: -Dsnek.seed=%d -Dsnek.states=20 (step %d, to %s from %d)",
                seed, step, Arrays.toString(destination), from)
            .isEqualTo(reference);
        assertThat(cache.tree(hub, from, Coordinates.of(destination)))
            .as("reproduce: -Dsnek.seed=%d -Dsnek.states=20 (step %d, decoded)", seed, step)
            .isEqualTo(reference);
      }
    }
  }

  @Test
  void anAnswerSurvivesAChangeOnAnotherPortWithoutWalkingThePorts() {
    Hub hub = new Hub(new SeededRandom(7), 200);
    TreeHopCache cache = new TreeHopCache(hub.changes);
    hub.started[17] = true;
    hub.announce(17, 0);
    long[] destination = hub.announcements[17].senderCoordinates().child(3).toArray();
    int first = cache.tree(hub, 0, destination, destination.length);
    assertThat(first)
        .isPositive()
        .isEqualTo(ReferenceNextHop.tree(hub, 0, destination, destination.length));

    int other = first == 60 ? 61 : 60;
    hub.started[other] = true;
    hub.announce(other, 0); // a peer elsewhere re-announces
    hub.announcementReads = 0;
    int again = cache.tree(hub, 0, destination, destination.length);
    assertThat(hub.announcementReads)
        .as("reads of peer state to bring the answer up to date")
        .isLessThanOrEqualTo(2);
    assertThat(again).isEqualTo(ReferenceNextHop.tree(hub, 0, destination, destination.length));

    hub.announce(first, 0); // the answer's own port changed: recomputed from every port
    hub.announcementReads = 0;
    int recomputed = cache.tree(hub, 0, destination, destination.length);
    assertThat(hub.announcementReads).isGreaterThanOrEqualTo(hub.portLimit);
    assertThat(recomputed)
        .isEqualTo(ReferenceNextHop.tree(hub, 0, destination, destination.length));
  }

  /**
   * A node with many peers on a small tree of port numbers (so coordinates share prefixes and
   * distances tie), whose every per-port change is logged as {@code Ports} logs it.
   */
  private static final class Hub extends ArrayRoutingView {
    final SeededRandom random;
    final PortChangeLog changes = new PortChangeLog();
    final PublicKey[] rootKeys;
    long order;
    int announcementReads;

    Hub(SeededRandom random, int portLimit) {
      this.random = random;
      allocate(key(), portLimit);
      rootKeys = new PublicKey[] {key(), key()};
      for (int port = 1; port <= portLimit; port++) {
        started[port] = random.nextInt(8) != 0;
        peerKeys[port] = key();
        peerTypes[port] = type();
        if (started[port] && random.nextInt(6) != 0) {
          announce(port, random.nextInt(rootKeys.length));
        }
      }
      for (int port = 1; port <= portLimit; port++) {
        if (announcements[port] != null && announcements[port].root().key().equals(rootKeys[0])) {
          parent = port;
          break;
        }
      }
    }

    private PublicKey key() {
      return PublicKey.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), 0);
    }

    private PeerType type() {
      return PeerType.values()[random.nextInt(PeerType.values().length)];
    }

    /** Stores a new announcement from {@code port} under root {@code rootIndex}. */
    void announce(int port, int rootIndex) {
      PublicKey rootKey = rootKeys[rootIndex % rootKeys.length];
      SwitchAnnouncement a = SwitchAnnouncement.rootOnly(new Root(rootKey, 1));
      a = a.signedFor(1 + random.nextInt(3), new NamedKey(rootKey));
      int depth = random.nextInt(4);
      for (int i = 0; i < depth; i++) {
        a = a.signedFor(1 + random.nextInt(3), new NamedKey(key()));
      }
      a = a.signedFor(port, new NamedKey(peerKeys[port]));
      announcements[port] = PeerAnnouncement.of(a, 0, ++order);
      changes.changed(port);
    }

    /** One change of the kinds a node sees; per-port ones are logged, the parent's is not. */
    void mutate() {
      int port = 1 + random.nextInt(portLimit);
      switch (random.nextInt(6)) {
        case 0, 1, 2 -> {
          if (started[port]) {
            announce(port, random.nextInt(4) == 0 ? 1 : 0);
          }
        }
        case 3 -> { // the port goes down, or comes up with a new peer type and no announcement
          started[port] = !started[port];
          announcements[port] = null;
          peerTypes[port] = type();
          changes.changed(port);
          if (port == parent) {
            parent = Hop.NONE;
          }
        }
        case 4 -> { // a new parent: our coordinates (and maybe our root) move
          if (announcements[port] != null) {
            parent = port;
          }
        }
        default -> parent = Hop.NONE; // we become a root
      }
    }

    /** Mostly paths near the peers' coordinates (ties and near misses), sometimes anything. */
    long[] someDestination() {
      if (random.nextInt(4) == 0) {
        long[] ports = new long[random.nextInt(6)];
        for (int d = 0; d < ports.length; d++) {
          ports[d] = 1 + random.nextInt(3);
        }
        return ports;
      }
      PeerAnnouncement a = announcements[1 + random.nextInt(portLimit)];
      Coordinates near = a == null ? selfCoordinates() : a.senderCoordinates();
      return random.nextBoolean() ? near.child(1 + random.nextInt(3)).toArray() : near.toArray();
    }

    @Override
    public PeerAnnouncement announcement(int port) {
      announcementReads++;
      return super.announcement(port);
    }

    @Override
    public Iterable<RouteEntry> routes() {
      return List.of();
    }

    @Override
    public long nowNs() {
      return 0;
    }
  }
}
