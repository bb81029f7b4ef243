package dev.conifer.snek.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An index kept up to date announcement by announcement (paths that keep a prefix, change the rest,
 * repeat keys, and ports that stop) answers exactly as one rebuilt from the current announcements
 * alone.
 */
class AncestorIndexTest {
  private static final int PORTS = 6;

  @Test
  void incrementalUpdatesMatchARebuildAfterEveryStep() {
    long base = Long.getLong("snek.seed", 20261207L);
    int runs = Integer.getInteger("snek.states", 300);
    for (int run = 0; run < runs; run++) {
      long seed = base + run;
      SeededRandom random = new SeededRandom(seed);
      PublicKey[] pool = new PublicKey[8];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = PublicKey.ofWords(i + 1, random.nextLong(), 0, 0);
      }
      PublicKey[] peerKeys = new PublicKey[PORTS + 1];
      PeerAnnouncement[] held = new PeerAnnouncement[PORTS + 1];
      AncestorIndex index = new AncestorIndex();
      for (int step = 0; step < 60; step++) {
        int port = 1 + random.nextInt(PORTS);
        if (held[port] != null && random.nextInt(5) == 0) {
          index.replace(port, peerKeys[port], held[port], null); // the port stops
          held[port] = null;
          continue;
        }
        if (held[port] == null) {
          peerKeys[port] = pool[random.nextInt(pool.length)];
        }
        PeerAnnouncement next = announcement(random, pool, peerKeys[port], held[port]);
        index.replace(port, peerKeys[port], held[port], next);
        held[port] = next;
        assertSameAsRebuilt(index, held, peerKeys, pool, "seed " + seed + " step " + step);
      }
    }
  }

  /** Often the previous path with a prefix kept; keys may repeat within a path. */
  private static PeerAnnouncement announcement(
      SeededRandom random, PublicKey[] pool, PublicKey peer, PeerAnnouncement previous) {
    List<PublicKey> path = new ArrayList<>();
    if (previous != null && random.nextInt(3) > 0) {
      List<SwitchAnnouncement.Entry> old = previous.announcement().entries();
      int kept = random.nextInt(old.size() + 1);
      for (int i = 0; i < kept; i++) {
        path.add(old.get(i).key());
      }
    }
    int extra = path.isEmpty() ? 1 + random.nextInt(4) : random.nextInt(3);
    for (int i = 0; i < extra; i++) {
      path.add(pool[random.nextInt(pool.length)]);
    }
    SwitchAnnouncement a =
        SwitchAnnouncement.rootOnly(new Root(path.get(0), 1 + random.nextInt(3)));
    for (PublicKey key : path) {
      a = a.signedFor(1 + random.nextInt(3), new NamedKey(key));
    }
    return PeerAnnouncement.of(a.signedFor(1, new NamedKey(peer)), 0, 0);
  }

  private static void assertSameAsRebuilt(
      AncestorIndex index,
      PeerAnnouncement[] held,
      PublicKey[] peerKeys,
      PublicKey[] pool,
      String reproduce) {
    AncestorIndex rebuilt = new AncestorIndex();
    for (int port = 1; port <= PORTS; port++) {
      if (held[port] != null) {
        rebuilt.replace(port, peerKeys[port], null, held[port]);
      }
    }
    for (PublicKey key : pool) {
      assertThat(ports(index.portsNaming(key)))
          .as("%s: ports naming %s", reproduce, key)
          .isEqualTo(ports(rebuilt.portsNaming(key)));
      assertThat(ports(index.portsTo(key)))
          .as("%s: ports to %s", reproduce, key)
          .isEqualTo(ports(rebuilt.portsTo(key)));
      assertThat(above(index, key)).as("%s: key above", reproduce).isEqualTo(above(rebuilt, key));
    }
    assertThat(above(index, PublicKey.EMPTY)).isEqualTo(above(rebuilt, PublicKey.EMPTY));
  }

  /** The key above and the ports naming it, or null. */
  private static Map.Entry<PublicKey, List<Integer>> above(AncestorIndex index, PublicKey key) {
    Map.Entry<PublicKey, PortSet> e = index.entryAbove(key);
    return e == null ? null : Map.entry(e.getKey(), ports(e.getValue()));
  }

  private static List<Integer> ports(PortSet set) {
    List<Integer> out = new ArrayList<>();
    if (set != null) {
      for (int i = 0; i < set.size(); i++) {
        out.add(set.get(i));
      }
    }
    return out;
  }

  /** A signer that only names a key: the index never checks signatures. */
  private record NamedKey(PublicKey publicKey) implements Signer {
    @Override
    public byte[] sign(byte[] message, int offset, int length) {
      return new byte[SIGNATURE_LENGTH];
    }
  }
}
