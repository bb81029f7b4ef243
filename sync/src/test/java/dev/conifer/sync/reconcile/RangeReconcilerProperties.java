package dev.conifer.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.sync.wire.SyncFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RangeReconcilerProperties {
  private static final long BASE_SEED = Long.getLong("sync.seed", 20261124L);

  static Stream<Long> seeds() {
    return LongStream.range(0, 40).mapToObj(i -> BASE_SEED + i);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bothSidesLearnExactlyTheSymmetricDifference(long seed) throws Exception {
    Random random = new Random(seed);
    int shared = random.nextInt(3000);
    int onlyA = random.nextInt(random.nextBoolean() ? 5 : 400);
    int onlyB = random.nextInt(random.nextBoolean() ? 5 : 400);
    // Few distinct timestamps force id-prefix bounds; many exercise timestamp deltas.
    long spread = random.nextBoolean() ? 3 : 1_000_000_000L;
    List<ReconcileHarness.Item> common = ReconcileHarness.randomItems(random, shared, 1000, spread);
    List<ReconcileHarness.Item> a = new ArrayList<>(common);
    List<ReconcileHarness.Item> b = new ArrayList<>(common);
    List<ReconcileHarness.Item> extraA = ReconcileHarness.randomItems(random, onlyA, 1000, spread);
    List<ReconcileHarness.Item> extraB = ReconcileHarness.randomItems(random, onlyB, 1000, spread);
    a.addAll(extraA);
    b.addAll(extraB);
    ReconcileConfig config =
        new ReconcileConfig(2 + random.nextInt(30), 1 + random.nextInt(40), 8192);

    ReconcileHarness.Result result =
        ReconcileHarness.run(
            ReconcileHarness.set(a), ReconcileHarness.set(b), config, random.nextLong());

    assertThat(result.learnedByB()).as("reproduce: -Dsync.seed=%d", seed).isEqualTo(hexes(extraA));
    assertThat(result.learnedByA()).as("reproduce: -Dsync.seed=%d", seed).isEqualTo(hexes(extraB));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void identicalSetsFinishInOneRoundTrip(long seed) throws Exception {
    Random random = new Random(seed);
    List<ReconcileHarness.Item> items =
        ReconcileHarness.randomItems(random, random.nextInt(5000), 0, 1L << 40);
    ItemSet set = ReconcileHarness.set(items);
    ReconcileHarness.Result result =
        ReconcileHarness.run(set, set, ReconcileConfig.defaults(), seed);
    assertThat(result.roundTrips()).isEqualTo(1);
    assertThat(result.learnedByA()).isEmpty();
    assertThat(result.learnedByB()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void largeSetWithOneDifferenceNeedsFewRoundsAndBytes(long seed) throws Exception {
    Random random = new Random(seed);
    List<ReconcileHarness.Item> common =
        ReconcileHarness.randomItems(random, 50_000, 1_700_000_000_000_000L, 86_400_000_000L);
    List<ReconcileHarness.Item> b = new ArrayList<>(common);
    ReconcileHarness.Item extra =
        ReconcileHarness.randomItems(random, 1, 1_700_000_000_000_000L, 86_400_000_000L).get(0);
    b.add(extra);
    ReconcileHarness.Result result =
        ReconcileHarness.run(
            ReconcileHarness.set(common),
            ReconcileHarness.set(b),
            ReconcileConfig.defaults(),
            seed);
    assertThat(result.learnedByA()).containsExactly(extra.hex());
    assertThat(result.roundTrips()).as("reproduce: -Dsync.seed=%d", seed).isLessThanOrEqualTo(3);
    assertThat(result.bytes()).as("reproduce: -Dsync.seed=%d", seed).isLessThan(4096);
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void manyDifferencesStayWithinTheMessageLimit(long seed) throws Exception {
    Random random = new Random(seed);
    List<ReconcileHarness.Item> common = ReconcileHarness.randomItems(random, 5000, 0, 1L << 40);
    List<ReconcileHarness.Item> a = new ArrayList<>(common);
    List<ReconcileHarness.Item> onlyA = ReconcileHarness.randomItems(random, 8000, 0, 1L << 40);
    List<ReconcileHarness.Item> onlyB = ReconcileHarness.randomItems(random, 8000, 0, 1L << 40);
    a.addAll(onlyA);
    List<ReconcileHarness.Item> b = new ArrayList<>(common);
    b.addAll(onlyB);
    ReconcileConfig small = new ReconcileConfig(16, 16, 8192); // the harness checks every message
    ReconcileHarness.Result result =
        ReconcileHarness.run(ReconcileHarness.set(a), ReconcileHarness.set(b), small, seed);
    assertThat(result.learnedByB()).as("reproduce: -Dsync.seed=%d", seed).isEqualTo(hexes(onlyA));
    assertThat(result.learnedByA()).as("reproduce: -Dsync.seed=%d", seed).isEqualTo(hexes(onlyB));
    assertThat(result.roundTrips()).isGreaterThan(2);
  }

  static Stream<Long> fewSeeds() {
    return LongStream.range(0, 8).mapToObj(i -> BASE_SEED + i);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void garbageNeverCrashes(long seed) {
    Random random = new Random(seed);
    ItemSet set = ReconcileHarness.set(ReconcileHarness.randomItems(random, 200, 0, 1000));
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(100)];
      random.nextBytes(junk);
      if (junk.length > 0 && random.nextBoolean()) {
        junk[0] = (byte) RangeReconciler.PROTOCOL_VERSION;
      }
      RangeReconciler r = new RangeReconciler(set, ReconcileConfig.defaults(), seed, false);
      try {
        byte[] reply = r.handle(junk);
        assertThat(reply.length).isLessThanOrEqualTo(ReconcileConfig.defaults().messageLengthMax());
      } catch (SyncFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static Set<String> hexes(List<ReconcileHarness.Item> items) {
    return items.stream()
        .map(ReconcileHarness.Item::hex)
        .collect(Collectors.toCollection(HashSet::new));
  }
}
