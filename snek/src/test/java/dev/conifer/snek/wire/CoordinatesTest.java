package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinatesTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void roundTripsThroughTheWire(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 50; i++) {
            Coordinates coordinates = gen.coordinates(20);
            ByteBuffer buffer = ByteBuffer.allocate(coordinates.encodedLength() + 1);
            coordinates.put(buffer);
            assertThat(buffer.position()).isEqualTo(coordinates.encodedLength());
            assertThat(Short.toUnsignedInt(buffer.getShort(0)))
                .isEqualTo(coordinates.encodedLength() - 2);
            buffer.flip();
            Coordinates decoded = Coordinates.get(buffer);
            assertThat(decoded).isEqualTo(coordinates).hasSameHashCodeAs(coordinates);
            assertThat(decoded.toArray()).isEqualTo(coordinates.toArray());
            assertThat(decoded.isRoot()).isEqualTo(coordinates.depth() == 0);
            assertThat(buffer.hasRemaining()).isFalse();
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void distanceIsAMetricOnTheTree(long seed) {
    Gen.check(
        seed,
        gen -> {
          for (int i = 0; i < 50; i++) {
            Coordinates a = gen.coordinates(6);
            Coordinates b = gen.nextBoolean() ? gen.coordinates(6) : a.child(gen.port());
            Coordinates c = gen.coordinates(6);
            assertThat(a.distanceTo(a)).isZero();
            assertThat(a.distanceTo(b)).isEqualTo(b.distanceTo(a));
            assertThat(a.distanceTo(c)).isLessThanOrEqualTo(a.distanceTo(b) + b.distanceTo(c));
            assertThat(a.distanceTo(Coordinates.ROOT)).isEqualTo(a.depth());
            Coordinates child = a.child(gen.port());
            assertThat(child.depth()).isEqualTo(a.depth() + 1);
            assertThat(child.startsWith(a)).isTrue();
            assertThat(child.distanceTo(a)).isEqualTo(1);
            assertThat(a.startsWith(child)).isFalse();
            assertThat(a.startsWith(Coordinates.ROOT)).isTrue();
          }
        });
  }

  @Test
  void ofWithNoPortsIsTheRoot() {
    assertThat(Coordinates.of()).isSameAs(Coordinates.ROOT);
    assertThat(Coordinates.ROOT.toString()).isEqualTo("[]");
    assertThat(Coordinates.of(1, 300).toString()).isEqualTo("[1 300]");
  }

  @Test
  void ofCopiesItsInput() {
    long[] ports = {1, 2};
    Coordinates coordinates = Coordinates.of(ports);
    ports[0] = 9;
    assertThat(coordinates.port(0)).isEqualTo(1);
  }

  @Test
  void rejectsLengthThatSplitsAVarU64() {
    // Declared 2 bytes, but the second port continues past them.
    assertRejects("00020181" + "00", WireError.COORDINATES_LENGTH_MISMATCH);
  }

  @Test
  void rejectsTruncatedInput() {
    assertRejects("00", WireError.TRUNCATED);
    assertRejects("000301", WireError.TRUNCATED);
  }

  @Test
  void rejectsNonMinimalPort() {
    assertRejects("00028001", WireError.VARU64_NON_MINIMAL);
  }

  @Test
  void leavesBytesAfterTheDeclaredLength() throws WireException {
    ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("000101ff"));
    assertThat(Coordinates.get(buffer)).isEqualTo(Coordinates.of(1));
    assertThat(buffer.remaining()).isEqualTo(1);
  }

  private static void assertRejects(String hex, WireError reason) {
    assertThatThrownBy(() -> Coordinates.get(ByteBuffer.wrap(HEX.parseHex(hex))))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
