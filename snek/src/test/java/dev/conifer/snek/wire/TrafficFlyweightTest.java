package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The in-place traffic view agrees with {@link FrameCodec}: it accepts exactly the frames the codec
 * accepts (with the same rejection), reads the same fields, and its rewrite is byte-identical to
 * encoding the rewritten repr.
 */
class TrafficFlyweightTest {
  private static final int CASES = 20_000;

  @Test
  void acceptsAndRejectsExactlyAsTheCodec() {
    Gen gen = new Gen(Long.getLong("snek.seed", 7001L));
    TrafficFlyweight view = new TrafficFlyweight();
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = FrameCodec.encode(gen.trafficFrame(64));
      int mutations = gen.intBetween(0, 3);
      for (int m = 0; m < mutations; m++) {
        int at = gen.intBetween(FrameHeader.LENGTH, bytes.length - 1);
        bytes[at] = (byte) gen.nextLong();
      }
      String input =
          "reproduce: -Dsnek.seed="
              + gen.seed()
              + " case "
              + i
              + " "
              + HexFormat.of().formatHex(bytes);
      WireError codecError = null;
      TrafficFrame decoded = null;
      try {
        decoded = (TrafficFrame) FrameCodec.decode(ByteBuffer.wrap(bytes));
      } catch (WireException e) {
        codecError = e.reason();
      }
      WireError viewError = null;
      try {
        view.wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
      } catch (WireException e) {
        viewError = e.reason();
      }
      assertThat(viewError).as(input).isEqualTo(codecError);
      if (decoded != null) {
        assertFieldsMatch(view, decoded, bytes, input);
        assertRewritesMatch(view, decoded, gen, input);
      }
    }
  }

  private static void assertFieldsMatch(
      TrafficFlyweight view, TrafficFrame decoded, byte[] bytes, String input) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    assertThat(view.hopLimit()).as(input).isEqualTo(decoded.hopLimit());
    assertThat(view.isTreeRouted()).as(input).isEqualTo(decoded.isTreeRouted());
    assertThat(PublicKey.read(b, view.destinationKeyOffset())).isEqualTo(decoded.destinationKey());
    assertThat(PublicKey.read(b, view.sourceKeyOffset())).isEqualTo(decoded.sourceKey());
    assertThat(
            Coordinates.of(
                java.util.Arrays.copyOf(view.destinationPorts(), view.destinationDepth())))
        .isEqualTo(decoded.destination());
    if (!decoded.isTreeRouted()) {
      assertThat(
              new Watermark(PublicKey.read(b, view.watermarkKeyOffset()), view.watermarkSequence()))
          .isEqualTo(decoded.watermark());
    }
    assertThat(view.payloadLength()).isEqualTo(decoded.payload().length);
  }

  private static void assertRewritesMatch(
      TrafficFlyweight view, TrafficFrame decoded, Gen gen, String input) {
    int hopLimit = gen.intBetween(0, 255);
    boolean snek = !decoded.isTreeRouted() || gen.nextBoolean();
    Watermark watermark = gen.watermark();
    TrafficFrame expected =
        new TrafficFrame(
            hopLimit,
            snek ? Coordinates.ROOT : decoded.destination(),
            decoded.source(),
            decoded.destinationKey(),
            decoded.sourceKey(),
            snek ? watermark : Watermark.NONE,
            decoded.payload());
    if (FrameCodec.encodedLength(expected) > FrameHeader.FRAME_LENGTH_MAX) {
      return;
    }
    ByteBuffer out = ByteBuffer.allocate(view.forwardedLength(snek, watermark.sequence()));
    view.writeForwarded(out, hopLimit, snek, watermark.key(), watermark.sequence());
    assertThat(out.hasRemaining()).as("forwardedLength is exact").isFalse();
    assertThat(out.array()).as(input).isEqualTo(FrameCodec.encode(expected));
  }
}
