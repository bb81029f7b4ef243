package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VarU64Test {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void roundTripsEveryLengthAndBoundary(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int length = 1; length <= VarU64.LENGTH_MAX; length++) {
            for (int i = 0; i < 20; i++) {
              long value = gen.varU64OfLength(length);
              assertThat(VarU64.encodedLength(value)).isEqualTo(length);
              ByteBuffer put = ByteBuffer.allocate(length + 3);
              VarU64.put(put, value);
              assertThat(put.position()).isEqualTo(length);
              ByteBuffer written = ByteBuffer.allocate(length + 3);
              assertThat(VarU64.write(written, 1, value)).isEqualTo(length);
              assertThat(written.array()).startsWith(new byte[] {0});
              assertThat(java.util.Arrays.copyOfRange(written.array(), 1, 1 + length))
                  .isEqualTo(java.util.Arrays.copyOf(put.array(), length));
              put.flip();
              assertThat(VarU64.get(put)).isEqualTo(value);
              assertThat(put.hasRemaining()).isFalse();
            }
          }
        });
  }

  @Test
  void encodedLengthChangesExactlyAtPowersOf128() {
    for (int groups = 1; groups < 10; groups++) {
      long first = 1L << (7 * groups);
      assertThat(VarU64.encodedLength(first - 1)).isEqualTo(groups);
      assertThat(VarU64.encodedLength(first)).isEqualTo(groups + 1);
    }
    assertThat(VarU64.encodedLength(0)).isEqualTo(1);
    assertThat(VarU64.encodedLength(-1L)).isEqualTo(10);
  }

  @Test
  void stopsAfterTheFirstByteWithoutContinuationBit() throws WireException {
    ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("85f1c24e010203"));
    assertThat(VarU64.get(buffer)).isEqualTo(12345678L);
    assertThat(buffer.position()).isEqualTo(4);
  }

  @Test
  void rejectsNonMinimalLeadingGroup() {
    assertRejects("8001", WireError.VARU64_NON_MINIMAL);
    assertRejects("808001", WireError.VARU64_NON_MINIMAL);
    assertRejects("8000", WireError.VARU64_NON_MINIMAL);
  }

  @Test
  void rejectsMoreThan64Bits() {
    assertRejects("82ffffffffffffffff7f", WireError.VARU64_OVERFLOW);
    assertRejects("81ffffffffffffffffff7f", WireError.VARU64_OVERFLOW);
  }

  @Test
  void rejectsInputEndingMidValue() {
    assertRejects("81", WireError.VARU64_TRUNCATED);
    assertRejects("ffff", WireError.VARU64_TRUNCATED);
    assertRejects("", WireError.VARU64_TRUNCATED);
  }

  @Test
  void acceptsLargestValue() throws WireException {
    assertThat(VarU64.get(ByteBuffer.wrap(HEX.parseHex("81ffffffffffffffff7f")))).isEqualTo(-1L);
  }

  private static void assertRejects(String hex, WireError reason) {
    assertThatThrownBy(() -> VarU64.get(ByteBuffer.wrap(HEX.parseHex(hex))))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
