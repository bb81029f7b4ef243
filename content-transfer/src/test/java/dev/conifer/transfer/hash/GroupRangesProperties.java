package dev.conifer.transfer.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Set operations of GroupRanges agree with a BitSet model, over seeded random sets. */
class GroupRangesProperties {
  static GroupRanges random(Random rnd, BitSet model) {
    GroupRanges r = GroupRanges.EMPTY;
    for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
      int s = rnd.nextInt(64);
      int e = s + rnd.nextInt(12);
      r = r.union(GroupRanges.of(s, e));
      model.set(s, e);
    }
    return r;
  }

  static void assertSame(GroupRanges r, BitSet model, long seed) {
    for (int i = 0; i < 80; i++) {
      assertThat(r.contains(i)).as("reproduce: seed=%d index %d", seed, i).isEqualTo(model.get(i));
    }
    assertThat(r.count()).as("reproduce: seed=%d", seed).isEqualTo(model.cardinality());
    assertThat(GroupRanges.decode(r.encode())).isEqualTo(r);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void unionSubtractIntersectMatchTheModel(long seed) {
    Random rnd = new Random(seed);
    BitSet ma = new BitSet();
    BitSet mb = new BitSet();
    GroupRanges a = random(rnd, ma);
    GroupRanges b = random(rnd, mb);
    BitSet u = (BitSet) ma.clone();
    u.or(mb);
    assertSame(a.union(b), u, seed);
    BitSet d = (BitSet) ma.clone();
    d.andNot(mb);
    assertSame(a.subtract(b), d, seed);
    BitSet x = (BitSet) ma.clone();
    x.and(mb);
    assertSame(a.intersect(b), x, seed);
    assertThat(a.take(5).count()).isEqualTo(Math.min(5, ma.cardinality()));
  }
}
