package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PublicKeyTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void roundTripsThroughHexAndBytes(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 50; i++) {
            byte[] bytes = gen.bytes(PublicKey.LENGTH);
            PublicKey key = PublicKey.of(bytes);
            assertThat(key.toBytes()).isEqualTo(bytes);
            assertThat(PublicKey.fromHex(key.toHex())).isEqualTo(key);
            assertThat(PublicKey.fromHex(key.toHex().toUpperCase(Locale.ROOT))).isEqualTo(key);
            assertThat(key.toHex()).hasSize(64).isLowerCase();
            assertThat(key.shortHex()).isEqualTo(key.toHex().substring(0, 8));
            assertThat(PublicKey.ofWords(key.word0(), key.word1(), key.word2(), key.word3()))
                .isEqualTo(key);
            ByteBuffer buffer = ByteBuffer.allocate(40);
            key.write(buffer, 5);
            assertThat(PublicKey.read(buffer, 5)).isEqualTo(key);
            assertThat(key.equalsAt(buffer, 5)).isTrue();
            buffer.position(3);
            key.put(buffer);
            assertThat(buffer.position()).isEqualTo(35);
            assertThat(PublicKey.read(buffer, 3)).isEqualTo(key);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void ordersLikeUnsignedByteCompare(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 200; i++) {
            byte[] a = gen.bytes(32);
            byte[] b = gen.nextBoolean() ? gen.bytes(32) : a.clone();
            if (gen.nextBoolean()) {
              // Share a random prefix so later words decide, including at the sign bit.
              int prefix = gen.intBetween(0, 31);
              System.arraycopy(a, 0, b, 0, prefix);
              b[prefix] = (byte) (a[prefix] ^ (gen.nextBoolean() ? 0x80 : 0x01));
            }
            int expected = Integer.signum(Arrays.compareUnsigned(a, b));
            PublicKey ka = PublicKey.of(a);
            PublicKey kb = PublicKey.of(b);
            assertThat(Integer.signum(ka.compareTo(kb))).isEqualTo(expected);
            assertThat(Integer.signum(ka.compareTo(ByteBuffer.wrap(b), 0))).isEqualTo(expected);
            assertThat(ka.lessThan(kb)).isEqualTo(expected < 0);
            assertThat(ka.greaterThan(kb)).isEqualTo(expected > 0);
            assertThat(ka.equals(kb)).isEqualTo(expected == 0);
            assertThat(ka.equalsAt(ByteBuffer.wrap(b), 0)).isEqualTo(expected == 0);
            if (expected == 0) {
              assertThat(ka.hashCode()).isEqualTo(kb.hashCode());
            }
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void dhtOrderedIsStrictAndNonWrapping(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 100; i++) {
            PublicKey a = gen.key();
            PublicKey b = gen.key();
            PublicKey c = gen.key();
            assertThat(PublicKey.dhtOrdered(a, b, c))
                .isEqualTo(a.compareTo(b) < 0 && b.compareTo(c) < 0);
            assertThat(PublicKey.dhtOrdered(a, a, c)).isFalse();
          }
        });
  }

  @Test
  void emptyAndFullMaskAreTheExtremes() {
    assertThat(PublicKey.EMPTY.toBytes()).isEqualTo(new byte[32]);
    byte[] full = new byte[32];
    Arrays.fill(full, (byte) 0xFF);
    assertThat(PublicKey.FULL_MASK.toBytes()).isEqualTo(full);
    PublicKey mid = PublicKey.fromHex("80" + "00".repeat(31));
    assertThat(PublicKey.EMPTY.lessThan(mid)).isTrue();
    assertThat(mid.lessThan(PublicKey.FULL_MASK)).isTrue();
  }

  @Test
  void rejectsWrongLengthsAndBadHex() {
    assertThatThrownBy(() -> PublicKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PublicKey.fromHex("ab"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex characters");
    assertThatThrownBy(() -> PublicKey.fromHex("zz" + "00".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid hex");
  }
}
