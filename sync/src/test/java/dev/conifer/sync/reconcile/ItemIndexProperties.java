package dev.conifer.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The live index after random adds and removes (many chunk splits and merges) holds exactly the
 * items of a set built from scratch, with the same fingerprint over every range tried and the same
 * answer to lower-bound searches. Reproduce with {@code -Dsync.index.seed=N}.
 */
class ItemIndexProperties {
  private static final long BASE_SEED = Long.getLong("sync.index.seed", 7_007L);

  @Test
  void liveIndexMatchesASetBuiltFromScratch() {
    for (int round = 0; round < 12; round++) {
      long seed = BASE_SEED + round;
      try {
        check(seed);
      } catch (AssertionError e) {
        throw new AssertionError(
            "reproduce with -Dsync.index.seed=" + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void check(long seed) {
    Random random = new Random(seed);
    ItemIndex index = new ItemIndex(List.of());
    TreeSet<String> model = new TreeSet<>();
    List<long[]> present = new ArrayList<>();
    List<byte[]> ids = new ArrayList<>();
    int ops = 500 + random.nextInt(3000);
    for (int i = 0; i < ops; i++) {
      if (!present.isEmpty() && random.nextInt(3) == 0) {
        int k = random.nextInt(present.size());
        index.remove(present.get(k)[0], ids.get(k));
        model.remove(key(present.get(k)[0], ids.get(k)));
        present.remove(k);
        ids.remove(k);
      } else {
        long ts = random.nextInt(50); // many equal timestamps
        byte[] id = new byte[32];
        random.nextBytes(id);
        index.add(ts, id);
        index.add(ts, id); // twice: a no-op
        model.add(key(ts, id));
        present.add(new long[] {ts});
        ids.add(id);
      }
    }
    ItemSet.Builder fresh = ItemSet.builder();
    for (int k = 0; k < present.size(); k++) {
      fresh.add(present.get(k)[0], ids.get(k));
    }
    ItemSet expected = fresh.build();
    ItemSet live = index.snapshot();
    assertThat(live.size()).isEqualTo(expected.size()).isEqualTo(model.size());
    List<String> liveKeys = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      liveKeys.add(key(live.timestampUs(i), live.id(i)));
    }
    assertThat(liveKeys).isEqualTo(new ArrayList<>(model));
    long salt = random.nextLong();
    for (int t = 0; t < 50 && live.size() > 0; t++) {
      int from = random.nextInt(live.size());
      int to = from + random.nextInt(live.size() - from + 1);
      assertThat(live.fingerprint(from, to, salt)).isEqualTo(expected.fingerprint(from, to, salt));
      assertThat(live.fingerprint(from, to, salt)).isEqualTo(live.fingerprint(from, to, salt));
      long ts = random.nextInt(52);
      long[] zero = new long[4];
      assertThat(live.lowerBound(ts, zero)).isEqualTo(expected.lowerBound(ts, zero));
      ItemSet slice = live.slice(from, to);
      assertThat(slice.size()).isEqualTo(to - from);
      assertThat(slice.fingerprint(0, to - from, salt)).isEqualTo(live.fingerprint(from, to, salt));
    }
  }

  private static String key(long ts, byte[] id) {
    return String.format("%05d", ts) + java.util.HexFormat.of().formatHex(id);
  }
}
