package dev.conifer.conformance;

import static dev.conifer.conformance.Vectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.VarU64;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PROTOCOL.md §1 (key ordering), §2.1 (varu64) and §2.2 (coordinates and tree distance). */
class PrimitiveVectorsTest {
  static Stream<Arguments> varU64Table() {
    return Vectors.text("varu64.txt").stream()
        .map(line -> line.split("\\s+"))
        .map(f -> Arguments.of(Long.parseUnsignedLong(f[0]), f[1]));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("varU64Table")
  void varU64EncodesAndDecodesTheTable(long value, String hex) throws WireException {
    byte[] expected = HEX.parseHex(hex);
    ByteBuffer buffer = ByteBuffer.allocate(VarU64.encodedLength(value));
    VarU64.put(buffer, value);
    assertThat(buffer.array()).isEqualTo(expected);
    ByteBuffer in = ByteBuffer.wrap(expected);
    assertThat(VarU64.get(in)).isEqualTo(value);
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void varU64DecodeStopsAtTheLastByte() throws WireException {
    ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("85f1c24e010203"));
    assertThat(VarU64.get(in)).isEqualTo(12_345_678L);
    assertThat(in.position()).isEqualTo(4);
  }

  static Stream<Arguments> coordinatesTable() {
    return Vectors.text("coordinates.txt").stream()
        .map(
            line -> {
              String[] sides = line.split("=");
              String ports = sides[0].strip();
              long[] parsed =
                  ports.isEmpty()
                      ? new long[0]
                      : Arrays.stream(ports.split("\\s+")).mapToLong(Long::parseLong).toArray();
              return Arguments.of(parsed, sides[1].replaceAll("\\s", ""));
            });
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("coordinatesTable")
  void coordinatesEncodeAndDecodeTheTable(long[] ports, String hex) throws WireException {
    Coordinates coordinates = Coordinates.of(ports);
    byte[] expected = HEX.parseHex(hex);
    ByteBuffer buffer = ByteBuffer.allocate(coordinates.encodedLength());
    coordinates.put(buffer);
    assertThat(buffer.array()).isEqualTo(expected);
    ByteBuffer in = ByteBuffer.wrap(expected);
    assertThat(Coordinates.get(in)).isEqualTo(coordinates);
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void coordinatesTableCoversEveryRow() {
    assertThat(coordinatesTable()).hasSize(6);
    assertThat(varU64Table()).hasSize(17);
  }

  @Test
  void treeDistanceExamples() {
    Coordinates root = Coordinates.ROOT;
    Coordinates p = Coordinates.of(1, 2, 3);
    Coordinates u = Coordinates.of(1, 2, 3, 4);
    Coordinates o = Coordinates.of(1, 3, 3, 4, 7, 6, 1);
    assertThat(u.distanceTo(root)).isEqualTo(4);
    assertThat(p.distanceTo(root)).isEqualTo(3);
    assertThat(root.distanceTo(u)).isEqualTo(4);
    assertThat(u.distanceTo(o)).isEqualTo(9);
    assertThat(p.distanceTo(o)).isEqualTo(8);
    assertThat(root.distanceTo(o)).isEqualTo(7);
    assertThat(Coordinates.of(1, 3, 5, 3, 4).distanceTo(Coordinates.of(1, 3, 5, 7, 6, 1)))
        .isEqualTo(5);
  }

  /** {@code util/distance_test.go}: keys named by their first byte, target 5. */
  @Test
  void orderingVector() {
    PublicKey target = firstByteKey(5);
    List<PublicKey> input = new ArrayList<>();
    for (int b : new int[] {1, 2, 3, 9, 7, 4, 6, 8, 0}) {
      input.add(firstByteKey(b));
    }
    List<PublicKey> forward = new ArrayList<>(input);
    forward.sort(KeyOrdering.forwardFrom(target)); // List.sort is stable, like sort.SliceStable
    assertThat(firstBytes(forward)).containsExactly(6, 7, 8, 9, 0, 1, 2, 3, 4);
    List<PublicKey> reverse = new ArrayList<>(input);
    reverse.sort(KeyOrdering.reverseFrom(target));
    assertThat(firstBytes(reverse)).containsExactly(4, 3, 2, 1, 0, 9, 8, 7, 6);
  }

  @Test
  void dhtOrderedIsTheNonWrappingCase() {
    PublicKey k1 = firstByteKey(1);
    PublicKey k5 = firstByteKey(5);
    PublicKey k9 = firstByteKey(9);
    assertThat(PublicKey.dhtOrdered(k1, k5, k9)).isTrue();
    assertThat(PublicKey.dhtOrdered(k5, k9, k1)).isFalse();
    assertThat(KeyOrdering.dhtWrappedOrdered(k5, k9, k1)).isTrue();
    assertThat(KeyOrdering.dhtWrappedOrdered(k9, k5, k1)).isFalse();
    assertThat(PublicKey.dhtOrdered(k1, k1, k9)).isFalse();
  }

  @Test
  void equalMaskToVector() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    Arrays.fill(a, (byte) 3);
    Arrays.fill(b, (byte) 4);
    a[0] = b[0] = 1;
    a[1] = b[1] = 2;
    byte[] twoBytes = new byte[32];
    twoBytes[0] = twoBytes[1] = (byte) 0xFF;
    byte[] threeBytes = twoBytes.clone();
    threeBytes[2] = (byte) 0xFF;
    assertThat(KeyOrdering.equalMaskTo(a, b, twoBytes)).isTrue();
    assertThat(KeyOrdering.equalMaskTo(a, b, threeBytes)).isFalse();
  }

  private static PublicKey firstByteKey(int first) {
    byte[] bytes = new byte[PublicKey.LENGTH];
    bytes[0] = (byte) first;
    return PublicKey.of(bytes);
  }

  private static List<Integer> firstBytes(List<PublicKey> keys) {
    List<Integer> out = new ArrayList<>();
    for (PublicKey key : keys) {
      out.add(key.toBytes()[0] & 0xFF);
    }
    return out;
  }
}
