package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameHeaderTest {
  private static final int MAX = FrameHeader.FRAME_LENGTH_MAX;

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void writeThenReadAtAnyOffset(long seed) {
    Gen.check(
        seed,
        gen -> {
          FrameType type = gen.pick(FrameType.values());
          int hopLimit = gen.intBetween(0, 255);
          int length =
              type == FrameType.KEEPALIVE ? 10 : gen.intBetween(type.frameLengthMin(), MAX);
          int offset = gen.intBetween(0, 30);
          ByteBuffer buffer = ByteBuffer.allocate(offset + FrameHeader.LENGTH);
          FrameHeader.write(buffer, offset, type, hopLimit, length);
          assertThat(buffer.position()).isZero();
          assertThat(FrameHeader.typeCode(buffer, offset)).isEqualTo(type.code());
          assertThat(FrameHeader.hopLimit(buffer, offset)).isEqualTo(hopLimit);
          assertThat(FrameHeader.frameLength(buffer, offset)).isEqualTo(length);
          assertThat(FrameHeader.check(buffer, offset, MAX)).isEqualTo(length);
          int rewritten = gen.intBetween(0, 255);
          FrameHeader.hopLimit(buffer, offset, rewritten);
          assertThat(FrameHeader.hopLimit(buffer, offset)).isEqualTo(rewritten);
        });
  }

  @Test
  void keepaliveBytesMatchTheSpec() {
    ByteBuffer buffer = ByteBuffer.allocate(10);
    FrameHeader.write(buffer, 0, FrameType.KEEPALIVE, 0, 10);
    assertThat(HexFormat.of().formatHex(buffer.array())).isEqualTo("70696e6500000000000a");
  }

  @Test
  void rejectsBadMagicAndVersion() {
    assertRejects("70696e6600000000000a", WireError.BAD_MAGIC);
    assertRejects("70696e6501000000000a", WireError.UNKNOWN_FRAME_VERSION);
  }

  @Test
  void rejectsLengthsBelowEachTypeMinimum() {
    for (FrameType type : FrameType.values()) {
      ByteBuffer buffer = ByteBuffer.allocate(10);
      FrameHeader.write(buffer, 0, type, 0, type.frameLengthMin() - 1);
      assertThatThrownBy(() -> FrameHeader.check(buffer, 0, MAX))
          .isInstanceOfSatisfying(
              WireException.class,
              e -> assertThat(e.reason()).isEqualTo(WireError.FRAME_TOO_SHORT));
    }
    // Unknown types still need a whole header (Go panics below 10).
    assertRejects("70696e65002a00000009", WireError.FRAME_TOO_SHORT);
    assertRejects("70696e6500010000000a", WireError.FRAME_TOO_SHORT);
  }

  @Test
  void rejectsKeepaliveWithABody() {
    assertRejects("70696e6500000000000b", WireError.FRAME_LENGTH_MISMATCH);
  }

  @Test
  void rejectsFramesOverTheLinkMaximum() {
    ByteBuffer buffer = ByteBuffer.allocate(10);
    FrameHeader.write(buffer, 0, FrameType.TRAFFIC, 0, 2000);
    assertThatThrownBy(() -> FrameHeader.check(buffer, 0, 1999))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.FRAME_TOO_LONG));
  }

  @Test
  void rejectsFewerThanTenBytes() {
    assertRejects("70696e650000000000", WireError.TRUNCATED);
    ByteBuffer buffer = ByteBuffer.wrap(HexFormat.of().parseHex("70696e6500000000000a"));
    assertThatThrownBy(() -> FrameHeader.check(buffer, 1, MAX))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.TRUNCATED));
  }

  private static void assertRejects(String hex, WireError reason) {
    ByteBuffer buffer = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    assertThatThrownBy(() -> FrameHeader.check(buffer, 0, MAX))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
