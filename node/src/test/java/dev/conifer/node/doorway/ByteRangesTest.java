package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.doorway.ByteRanges.Partial;
import dev.conifer.node.doorway.ByteRanges.Range;
import dev.conifer.node.doorway.ByteRanges.Unsatisfiable;
import dev.conifer.node.doorway.ByteRanges.Whole;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 14.1.2 (byte ranges) and 14.2 (when to ignore or refuse a Range). */
class ByteRangesTest {
  private static final long SEED = Long.getLong("doorway.seed", 0xb17e);

  @Test
  void theThreeFormsOfARange() {
    assertThat(ByteRanges.resolve("bytes=0-499", 10_000))
        .isEqualTo(new Partial(List.of(new Range(0, 499))));
    assertThat(ByteRanges.resolve("bytes=9500-", 10_000))
        .isEqualTo(new Partial(List.of(new Range(9500, 9999))));
    assertThat(ByteRanges.resolve("bytes=-500", 10_000))
        .isEqualTo(new Partial(List.of(new Range(9500, 9999))));
  }

  @Test
  void aLastPositionPastTheEndIsClampedAndALongSuffixIsTheWhole() {
    assertThat(ByteRanges.resolve("bytes=100-999999", 1000))
        .isEqualTo(new Partial(List.of(new Range(100, 999))));
    assertThat(ByteRanges.resolve("bytes=-5000", 1000))
        .isEqualTo(new Partial(List.of(new Range(0, 999))));
  }

  @Test
  void severalRangesKeepTheirOrderAndUnsatisfiableOnesAreDropped() {
    assertThat(ByteRanges.resolve("bytes=500-599, 0-99,5000-6000", 1000))
        .isEqualTo(new Partial(List.of(new Range(500, 599), new Range(0, 99))));
  }

  @Test
  void nothingSatisfiableIs416() {
    assertThat(ByteRanges.resolve("bytes=1000-", 1000)).isInstanceOf(Unsatisfiable.class);
    assertThat(ByteRanges.resolve("bytes=-0", 1000)).isInstanceOf(Unsatisfiable.class);
    assertThat(ByteRanges.resolve("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
  }

  @Test
  void tooManyRangesAre416() {
    String many = "bytes=" + "0-0,".repeat(ByteRanges.RANGES_MAX) + "1-1";
    assertThat(ByteRanges.resolve(many, 1000)).isInstanceOf(Unsatisfiable.class);
  }

  @Test
  void anInvalidOrForeignRangeIsIgnored() {
    for (String bad :
        List.of(
            "bytes=5-1",
            "bytes=a-b",
            "bytes=1-2-3",
            "items=0-1",
            "bytes",
            "bytes=--1",
            "bytes= 1 - 2 x",
            "bytes=99999999999999999999-")) {
      assertThat(ByteRanges.resolve(bad, 1000)).as(bad).isInstanceOf(Whole.class);
    }
    assertThat(ByteRanges.resolve(null, 1000)).isInstanceOf(Whole.class);
  }

  @Test
  void everySatisfiableRangeLiesInsideTheContentProperty() {
    Random random = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      long size = random.nextInt(100_000);
      long a = random.nextInt(120_000);
      long b = a + random.nextInt(50_000) - 10_000;
      String header =
          switch (random.nextInt(3)) {
            case 0 -> "bytes=" + a + "-" + b;
            case 1 -> "bytes=" + a + "-";
            default -> "bytes=-" + a;
          };
      ByteRanges.Outcome o = ByteRanges.resolve(header, size);
      if (o instanceof Partial p) {
        for (Range r : p.ranges()) {
          assertThat(r.first()).as("%s of %d, seed %d", header, size, SEED).isBetween(0L, size - 1);
          assertThat(r.last())
              .as("%s of %d, seed %d", header, size, SEED)
              .isBetween(r.first(), size - 1);
        }
      }
    }
  }
}
