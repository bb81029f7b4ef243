package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void everyFrameTypeRoundTrips(long seed) {
    Gen.check(
        seed,
        gen -> {
          Frame[] frames = {
            KeepaliveFrame.INSTANCE,
            gen.treeAnnouncementFrame(6),
            gen.bootstrapFrame(),
            gen.trafficFrame(2000),
            gen.wakeupBroadcastFrame()
          };
          for (Frame frame : frames) {
            byte[] bytes = FrameCodec.encode(frame);
            assertThat(bytes).hasSize(FrameCodec.encodedLength(frame));
            assertThat(FrameHeader.check(ByteBuffer.wrap(bytes), 0, FrameHeader.FRAME_LENGTH_MAX))
                .isEqualTo(bytes.length);
            assertThat(FrameHeader.typeCode(ByteBuffer.wrap(bytes), 0))
                .isEqualTo(frame.type().code());
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Frame decoded = FrameCodec.decode(buffer);
            assertThat(buffer.hasRemaining()).isFalse();
            assertThat(decoded).isEqualTo(frame).hasSameHashCodeAs(frame);
            assertThat(FrameCodec.encode(decoded)).isEqualTo(bytes);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void encodesAtTheBufferPosition(long seed) {
    Gen.check(
        seed,
        gen -> {
          Frame frame = gen.frame();
          byte[] expected = FrameCodec.encode(frame);
          int at = gen.intBetween(0, 20);
          ByteBuffer buffer = ByteBuffer.allocate(at + expected.length + 5);
          buffer.position(at);
          FrameCodec.encode(frame, buffer);
          assertThat(buffer.position()).isEqualTo(at + expected.length);
          assertThat(Arrays.copyOfRange(buffer.array(), at, at + expected.length))
              .isEqualTo(expected);
          ByteBuffer view = ByteBuffer.wrap(buffer.array(), at, expected.length).slice();
          assertThat(FrameCodec.decode(view)).isEqualTo(frame);
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void anyTruncationOrExtensionIsRejected(long seed) {
    Gen.check(
        seed,
        gen -> {
          byte[] bytes = FrameCodec.encode(gen.frame());
          int cut = gen.intBetween(0, bytes.length - 1);
          assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(Arrays.copyOf(bytes, cut))))
              .isInstanceOf(WireException.class);
          int extra = gen.intBetween(1, 5);
          assertThatThrownBy(
                  () ->
                      FrameCodec.decode(
                          ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length + extra))))
              .isInstanceOfSatisfying(
                  WireException.class,
                  e -> assertThat(e.reason()).isEqualTo(WireError.FRAME_LENGTH_MISMATCH));
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void payloadLengthMustMatchTheFrame(long seed) {
    Gen.check(
        seed,
        gen -> {
          Frame frame = gen.nextBoolean() ? gen.trafficFrame(100) : gen.bootstrapFrame();
          byte[] bytes = FrameCodec.encode(frame);
          int declared = Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort(10));
          ByteBuffer.wrap(bytes).putShort(10, (short) (declared + gen.intBetween(1, 65_535)));
          assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(bytes)))
              .isInstanceOf(WireException.class);
        });
  }

  @Test
  void treeRoutedTrafficCarriesNoWatermark() throws WireException {
    Gen gen = new Gen(7);
    TrafficFrame tree =
        new TrafficFrame(
            10,
            Coordinates.of(1, 2),
            Coordinates.of(3),
            gen.key(),
            gen.key(),
            gen.watermark(),
            new byte[] {1});
    // The watermark is not on the wire, so it decodes as NONE.
    TrafficFrame decoded =
        (TrafficFrame) FrameCodec.decode(ByteBuffer.wrap(FrameCodec.encode(tree)));
    assertThat(decoded.watermark()).isEqualTo(Watermark.NONE);
    assertThat(decoded.isTreeRouted()).isTrue();
    assertThat(FrameCodec.encodedLength(tree)).isEqualTo(10 + 2 + 4 + 3 + 64 + 1);
  }

  @Test
  void refusesToEncodeOversizedOrUnknownFrames() {
    Gen gen = new Gen(8);
    TrafficFrame big =
        new TrafficFrame(
            10,
            Coordinates.ROOT,
            Coordinates.ROOT,
            gen.key(),
            gen.key(),
            Watermark.NONE,
            new byte[65_535 - 10 - 2 - 4 - 64 - 33 + 1]);
    assertThatThrownBy(() -> FrameCodec.encode(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65535");
    TrafficFrame largest =
        new TrafficFrame(
            10,
            big.destination(),
            big.source(),
            big.destinationKey(),
            big.sourceKey(),
            big.watermark(),
            new byte[big.payload().length - 1]);
    assertThat(FrameCodec.encode(largest)).hasSize(65_535);
    assertThatThrownBy(() -> FrameCodec.encode(new UnknownFrame(9)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownTypesDecodeAsUnknownFrames() throws WireException {
    byte[] bytes = new byte[17];
    FrameHeader.write(ByteBuffer.wrap(bytes), 0, FrameType.KEEPALIVE, 3, bytes.length);
    bytes[FrameHeader.TYPE_OFFSET] = 42;
    bytes[FrameHeader.EXTRA_OFFSET] = 1; // unknown types are dropped whole, extra byte and all
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertThat(FrameCodec.decode(buffer)).isEqualTo(new UnknownFrame(42));
    assertThat(buffer.hasRemaining()).isFalse();
    assertThat(new UnknownFrame(42).type()).isNull();
  }

  /**
   * Go ignores the extra byte, and the hop limit of frames that do not use one, on receive; so do
   * we, rather than disconnect a peer over a byte nobody reads (PROTOCOL.md §4.1).
   */
  @Test
  void ignoresHeaderBytesGoIgnores() throws WireException {
    Gen gen = new Gen(9);
    for (Frame frame :
        new Frame[] {KeepaliveFrame.INSTANCE, gen.bootstrapFrame(), gen.treeAnnouncementFrame(2)}) {
      byte[] bytes = FrameCodec.encode(frame);
      bytes[FrameHeader.EXTRA_OFFSET] = 1;
      bytes[FrameHeader.HOP_LIMIT_OFFSET] = 5;
      assertThat(FrameCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(frame);
    }
  }

  /** Regression: the payload array was once sized from the length field before it was checked. */
  @Test
  void neverAllocatesFromAnUncheckedPayloadLength() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Gen gen = new Gen(11);
    for (Frame frame : new Frame[] {gen.bootstrapFrame(), gen.trafficFrame(0)}) {
      byte[] bytes = FrameCodec.encode(frame);
      ByteBuffer.wrap(bytes).putShort(10, (short) 0xFFFF); // claims 64 KiB, carries almost none
      for (int warm = 0; warm < 3; warm++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(bytes)))
            .isInstanceOfSatisfying(
                WireException.class,
                e -> assertThat(e.reason()).isEqualTo(WireError.PAYLOAD_LENGTH_MISMATCH));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (warm == 2) {
          // AssertJ's own allocations are included; 64 KiB would not fit.
          assertThat(allocated).isLessThan(32 * 1024);
        }
      }
    }
  }

  @Test
  void respectsTheConfiguredMaximum() {
    byte[] bytes = FrameCodec.encode(new Gen(10).trafficFrame(100));
    assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(bytes), bytes.length - 1))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.FRAME_TOO_LONG));
  }

  private static void assertRejects(byte[] bytes, WireError reason) {
    assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
