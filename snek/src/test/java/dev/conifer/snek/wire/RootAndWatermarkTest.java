package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RootAndWatermarkTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void rootRoundTrips(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 50; i++) {
            Root root = gen.root();
            ByteBuffer buffer = ByteBuffer.allocate(root.encodedLength());
            root.put(buffer);
            assertThat(buffer.hasRemaining()).isFalse();
            buffer.flip();
            assertThat(Root.get(buffer)).isEqualTo(root);
            assertThat(new Root(root.key(), root.sequence() + 1)).isNotEqualTo(root);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void watermarkRoundTrips(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 50; i++) {
            Watermark watermark = gen.watermark();
            ByteBuffer buffer = ByteBuffer.allocate(watermark.encodedLength());
            watermark.put(buffer);
            assertThat(buffer.hasRemaining()).isFalse();
            buffer.flip();
            assertThat(Watermark.get(buffer)).isEqualTo(watermark);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void worseThanFollowsGo(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 100; i++) {
            Watermark a = gen.watermark();
            Watermark b =
                gen.nextBoolean() ? gen.watermark() : new Watermark(a.key(), gen.varU64());
            int c = a.key().compareTo(b.key());
            boolean expected =
                c > 0
                    || (c == 0
                        && a.sequence() != 0
                        && Long.compareUnsigned(a.sequence(), b.sequence()) < 0);
            assertThat(a.worseThan(b)).isEqualTo(expected);
            assertThat(a.worseThan(a)).isFalse();
            // Never worse in both directions.
            assertThat(a.worseThan(b) && b.worseThan(a)).isFalse();
            assertThat(Watermark.NONE.worseThan(a)).isEqualTo(!a.key().equals(PublicKey.FULL_MASK));
          }
        });
  }

  @Test
  void worseThanCases() {
    PublicKey low = PublicKey.fromHex("01" + "00".repeat(31));
    PublicKey high = PublicKey.fromHex("02" + "00".repeat(31));
    assertThat(new Watermark(high, 5).worseThan(new Watermark(low, 5))).isTrue();
    assertThat(new Watermark(low, 5).worseThan(new Watermark(high, 5))).isFalse();
    assertThat(new Watermark(low, 4).worseThan(new Watermark(low, 5))).isTrue();
    assertThat(new Watermark(low, 6).worseThan(new Watermark(low, 5))).isFalse();
    // Sequence 0 on the same key is never worse (Go skips the comparison).
    assertThat(new Watermark(low, 0).worseThan(new Watermark(low, 5))).isFalse();
    // Sequences compare unsigned.
    assertThat(new Watermark(low, 1).worseThan(new Watermark(low, -1L))).isTrue();
    assertThat(new Watermark(low, -1L).worseThan(new Watermark(low, 1))).isFalse();
    assertThat(Watermark.NONE).isEqualTo(new Watermark(PublicKey.FULL_MASK, 0));
  }

  @Test
  void rejectsTruncatedRootAndWatermark() {
    assertThatThrownBy(() -> Root.get(ByteBuffer.allocate(31)))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.TRUNCATED));
    assertThatThrownBy(() -> Watermark.get(ByteBuffer.allocate(32)))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.VARU64_TRUNCATED));
  }
}
