package dev.conifer.snek.snake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.testing.SeededRandom;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.Watermark;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The table (its lookups, its iteration, and the ordered positions next-hop search scans: {@link
 * RoutingTable#ceilingIndex}, {@link RoutingTable#keyAt}, {@link RoutingTable#entryAt}) always
 * agrees with a sorted map of the same routes, through every kind of change, in every order.
 */
class RoutingTableTest {
  @Test
  void theOrderedViewMatchesASortedMapThroughEveryChange() {
    long base = Long.getLong("snek.seed", 20261207L);
    for (int run = 0; run < 200; run++) {
      long seed = base + run;
      SeededRandom random = new SeededRandom(seed);
      // Keys that share first words, so the search's tie on the first word is exercised.
      List<PublicKey> pool = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        pool.add(
            PublicKey.ofWords(random.nextLong(5) - 2, random.nextLong(), 0, random.nextLong(3)));
      }
      RoutingTable table = new RoutingTable(30);
      TreeMap<PublicKey, RouteEntry> reference = new TreeMap<>();
      for (int step = 0; step < 300; step++) {
        PublicKey key = pool.get(random.nextInt(pool.size()));
        switch (random.nextInt(7)) {
          case 0, 1, 2 -> {
            RouteEntry e = entry(key, random);
            if (table.put(e)) {
              reference.put(key, e);
            }
          }
          case 3 -> {
            table.remove(key);
            reference.remove(key);
          }
          case 4 -> {
            int port = 1 + random.nextInt(4);
            table.removePort(port);
            reference.values().removeIf(e -> e.sourcePort() == port || e.destinationPort() == port);
          }
          case 5 -> {
            if (random.nextInt(20) == 0) {
              table.clear();
              reference.clear();
            } else {
              long now = random.nextLong(1000);
              table.removeExpired(now, 300);
              reference.values().removeIf(e -> !e.isValid(now, 300));
            }
          }
          default -> {
            PublicKey probe = random.nextBoolean() ? key : pool.get(random.nextInt(pool.size()));
            int i = table.ceilingIndex(probe);
            List<PublicKey> expected = new ArrayList<>(reference.tailMap(probe, true).keySet());
            List<PublicKey> seen = new ArrayList<>();
            for (int j = i; j < table.size(); j++) {
              seen.add(table.keyAt(j));
              assertThat(table.entryAt(j)).isSameAs(reference.get(table.keyAt(j)));
            }
            assertThat(seen)
                .as("reproduce: -Dsnek.seed=%d (its first run, step %d)", seed, step)
                .isEqualTo(expected);
          }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(table.values()).containsExactlyElementsOf(reference.values());
        assertThat(table.get(key)).isSameAs(reference.get(key));
      }
    }
  }

  private static RouteEntry entry(PublicKey key, SeededRandom random) {
    return new RouteEntry(
        key,
        1 + random.nextInt(4),
        random.nextInt(5) - 1,
        random.nextLong(1000),
        new Root(key, 1),
        new Watermark(key, random.nextInt(3)));
  }
}
