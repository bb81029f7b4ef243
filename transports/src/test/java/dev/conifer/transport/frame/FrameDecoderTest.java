package dev.conifer.transport.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.WireError;
import dev.conifer.transport.testing.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameDecoderTest {
  private static final byte[] HANDSHAKE = Handshake.encode(TestKeys.B);

  /** A handshake followed by a mix of keepalives and unknown-type frames of random lengths. */
  private static List<byte[]> randomFrames(Random random, int count) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (random.nextInt(4) == 0) {
        frames.add(TestKeys.keepalive());
      } else {
        int bodyLength = random.nextInt(random.nextBoolean() ? 64 : 3000);
        frames.add(TestKeys.unknownFrame(200 + random.nextInt(50), bodyLength, (byte) i));
      }
    }
    return frames;
  }

  private static byte[] stream(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HANDSHAKE);
    for (byte[] frame : frames) {
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  private static void assertDecoded(EmbeddedChannel channel, List<byte[]> frames, String seedNote) {
    Object first = channel.readInbound();
    assertThat(first).as(seedNote).isInstanceOf(ReceivedHandshake.class);
    assertThat(((ReceivedHandshake) first).bytes()).as(seedNote).isEqualTo(HANDSHAKE);
    for (byte[] expected : frames) {
      ByteBuf frame = channel.readInbound();
      assertThat(frame).as(seedNote).isNotNull();
      try {
        byte[] actual = new byte[frame.readableBytes()];
        frame.readBytes(actual);
        assertThat(actual).as(seedNote).isEqualTo(expected);
      } finally {
        frame.release();
      }
    }
    assertThat(channel.<Object>readInbound()).as(seedNote).isNull();
  }

  @Test
  void emitsHandshakeThenFramesFromOneBuffer() {
    List<byte[]> frames = randomFrames(new Random(1), 20);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX));
    channel.writeInbound(Unpooled.wrappedBuffer(stream(frames)));
    assertDecoded(channel, frames, "one buffer");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void emitsHandshakeThenFramesFedByteByByte() {
    List<byte[]> frames = randomFrames(new Random(2), 8);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX));
    for (byte b : stream(frames)) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertDecoded(channel, frames, "byte by byte");
    assertFalse(channel.finishAndReleaseAll());
  }

  static long[] seeds() {
    long[] seeds = new long[24];
    long base = Long.getLong("transports.seed", 0x7ea5L);
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = base + i;
    }
    return seeds;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void emitsTheSameFramesWhereverTheStreamIsCut(long seed) {
    String note = "reproduce: -Dtransports.seed=" + seed;
    Random random = new Random(seed);
    List<byte[]> frames = randomFrames(random, 1 + random.nextInt(30));
    byte[] stream = stream(frames);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX));
    int offset = 0;
    while (offset < stream.length) {
      int length =
          Math.min(stream.length - offset, 1 + random.nextInt(random.nextBoolean() ? 16 : 4000));
      // Pooled direct buffers, as a socket read would produce.
      ByteBuf chunk = channel.alloc().directBuffer(length);
      chunk.writeBytes(stream, offset, length);
      channel.writeInbound(chunk);
      offset += length;
    }
    assertDecoded(channel, frames, note);
    assertFalse(channel.finishAndReleaseAll(), note);
  }

  @Test
  void waitsForTheWholeHandshake() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX));
    channel.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE, 0, Handshake.LENGTH - 1));
    assertThat(channel.<Object>readInbound()).isNull();
    channel.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE, Handshake.LENGTH - 1, 1));
    assertThat(channel.<Object>readInbound()).isInstanceOf(ReceivedHandshake.class);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void releasesAPartialFrameWhenTheChannelCloses() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX));
    byte[] frame = TestKeys.unknownFrame(200, 100, (byte) 7);
    ByteBuf input = channel.alloc().buffer();
    input.writeBytes(HANDSHAKE).writeBytes(frame, 0, 50);
    channel.writeInbound(input);
    assertThat(channel.<Object>readInbound()).isInstanceOf(ReceivedHandshake.class);
    assertFalse(channel.finishAndReleaseAll());
  }

  private static byte[] withHeader(byte[] frame, int offset, int value) {
    frame[offset] = (byte) value;
    return frame;
  }

  static Object[][] malformed() {
    byte[] shortLength = TestKeys.keepalive();
    shortLength[FrameHeader.FRAME_LENGTH_OFFSET + 1] = 9;
    byte[] longKeepalive = TestKeys.unknownFrame(0, 4, (byte) 0);
    byte[] shortTraffic = TestKeys.unknownFrame(3, 0, (byte) 0); // type 3 with length 10: Go panics
    return new Object[][] {
      {withHeader(TestKeys.keepalive(), 0, 'P'), WireError.BAD_MAGIC},
      {
        withHeader(TestKeys.keepalive(), FrameHeader.VERSION_OFFSET, 1),
        WireError.UNKNOWN_FRAME_VERSION
      },
      {shortLength, WireError.FRAME_TOO_SHORT},
      {shortTraffic, WireError.FRAME_TOO_SHORT},
      {longKeepalive, WireError.FRAME_LENGTH_MISMATCH},
      {TestKeys.unknownFrame(200, 1000, (byte) 1), WireError.FRAME_TOO_LONG},
    };
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsAMalformedHeaderAndDiscardsTheRest(byte[] frame, WireError reason) {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(512));
    ByteBuf input = channel.alloc().buffer();
    input.writeBytes(HANDSHAKE).writeBytes(TestKeys.keepalive()).writeBytes(frame);
    assertThatThrownBy(() -> channel.writeInbound(input))
        .isInstanceOfSatisfying(
            FrameRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    assertThat(channel.<Object>readInbound()).isInstanceOf(ReceivedHandshake.class);
    ByteBuf keepalive = channel.readInbound();
    assertThat(keepalive.readableBytes()).isEqualTo(FrameHeader.LENGTH);
    keepalive.release();
    // A byte stream cannot resync after a bad header: even a valid frame is now discarded.
    channel.writeInbound(Unpooled.wrappedBuffer(TestKeys.keepalive()));
    assertThat(channel.<Object>readInbound()).isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void rejectsAnOutOfRangeLimit() {
    assertThatThrownBy(() -> new FrameDecoder(9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameDecoder(65536)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aSinkGetsTheSameFramesInPlaceWhereverTheStreamIsCut(long seed) {
    sinkAcrossCuts(seed, false, ByteToMessageDecoder.MERGE_CUMULATOR);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aSinkGetsTheSameFramesFromPooledDirectBuffers(long seed) {
    sinkAcrossCuts(seed, true, ByteToMessageDecoder.MERGE_CUMULATOR);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aSinkGetsTheSameFramesFromACompositeCumulation(long seed) {
    sinkAcrossCuts(seed, true, ByteToMessageDecoder.COMPOSITE_CUMULATOR);
  }

  static long[] fewSeeds() {
    return java.util.Arrays.copyOf(seeds(), 4);
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void aSinkGetsFramesCutInsideTheirHeaders(long seed) {
    sinkAcrossCuts(seed, true, ByteToMessageDecoder.MERGE_CUMULATOR, 16);
  }

  private void sinkAcrossCuts(long seed, boolean direct, ByteToMessageDecoder.Cumulator cumulator) {
    sinkAcrossCuts(seed, direct, cumulator, 4000);
  }

  private void sinkAcrossCuts(
      long seed, boolean direct, ByteToMessageDecoder.Cumulator cumulator, int cutMax) {
    String note = "reproduce: -Dtransports.seed=" + seed + " direct=" + direct;
    Random random = new Random(seed);
    List<byte[]> frames = randomFrames(random, 1 + random.nextInt(30));
    FrameDecoder decoder = new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX);
    decoder.setCumulator(cumulator);
    List<byte[]> sunk = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    byte[] bytes = stream(frames);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, HANDSHAKE.length));
    assertThat(channel.<Object>readInbound()).as(note).isInstanceOf(ReceivedHandshake.class);
    decoder.sinkTo(
        view -> {
          byte[] frame = new byte[view.remaining()];
          view.get(frame);
          sunk.add(frame);
        });
    int at = HANDSHAKE.length;
    while (at < bytes.length) {
      int cut = Math.min(bytes.length - at, 1 + random.nextInt(cutMax));
      ByteBuf piece =
          direct
              ? PooledByteBufAllocator.DEFAULT.directBuffer(cut).writeBytes(bytes, at, cut)
              : Unpooled.wrappedBuffer(bytes, at, cut);
      channel.writeInbound(piece);
      // Only the frame a read ends in is kept (copied); the read itself is never held.
      assertThat(piece.refCnt()).as(note + ": read released at once").isZero();
      at += cut;
    }
    assertThat(sunk).as(note).containsExactlyElementsOf(frames);
    assertThat(channel.<Object>readInbound())
        .as(note + ": nothing goes down the pipeline")
        .isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aSinkRejectsABadHeaderThatArrivesAcrossTwoReads() {
    FrameDecoder decoder = new FrameDecoder(512);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE));
    channel.readInbound();
    List<Integer> lengths = new ArrayList<>();
    decoder.sinkTo(view -> lengths.add(view.remaining()));
    byte[] keepalive = TestKeys.keepalive();
    byte[] tooLong = TestKeys.unknownFrame(200, 600, (byte) 1);
    ByteBuf first = Unpooled.buffer().writeBytes(keepalive).writeBytes(tooLong, 0, 4);
    channel.writeInbound(first);
    assertThat(lengths).containsExactly(FrameHeader.LENGTH);
    assertThatThrownBy(
            () -> channel.writeInbound(Unpooled.wrappedBuffer(tooLong, 4, tooLong.length - 4)))
        .isInstanceOfSatisfying(
            FrameRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WireError.FRAME_TOO_LONG));
    // A byte stream cannot resync after a bad header: even a valid frame is now discarded.
    channel.writeInbound(Unpooled.wrappedBuffer(TestKeys.keepalive()));
    assertThat(lengths).containsExactly(FrameHeader.LENGTH);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aSinkStillGetsABadHeaderRejected() {
    FrameDecoder decoder = new FrameDecoder(512);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE));
    channel.readInbound();
    List<Integer> lengths = new ArrayList<>();
    decoder.sinkTo(view -> lengths.add(view.remaining()));
    byte[] tooLong = TestKeys.unknownFrame(200, 600, (byte) 1);
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(tooLong)))
        .isInstanceOf(FrameRejectedException.class);
    assertThat(lengths).isEmpty();
    channel.finishAndReleaseAll();
  }

  @ParameterizedTest
  @MethodSource("fewSeeds")
  void aSinkTakesAtMostItsShareOfFramesPerTurnAndTheRestInLaterTurns(long seed) {
    String note = "reproduce: -Dtransports.seed=" + seed;
    Random random = new Random(seed);
    int share = 1 + random.nextInt(5);
    List<byte[]> frames = randomFrames(random, 20 + random.nextInt(60));
    FrameDecoder decoder = new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX, share);
    int[] turn = new int[1];
    List<Integer> turnOfFrame = new ArrayList<>();
    List<byte[]> sunk = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            decoder,
            new io.netty.channel.ChannelInboundHandlerAdapter() {
              @Override
              public void channelReadComplete(io.netty.channel.ChannelHandlerContext ctx) {
                turn[0]++; // one turn of the loop for this link ends here
              }
            });
    byte[] bytes = stream(frames);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, HANDSHAKE.length));
    channel.readInbound();
    decoder.sinkTo(
        new FrameDecoder.FrameSink() {
          @Override
          public void onFrame(java.nio.ByteBuffer view) {
            byte[] frame = new byte[view.remaining()];
            view.get(frame);
            sunk.add(frame);
            turnOfFrame.add(turn[0]);
          }
        });
    List<ByteBuf> pieces = new ArrayList<>();
    int at = HANDSHAKE.length;
    while (at < bytes.length) {
      int cut = Math.min(bytes.length - at, 1 + random.nextInt(4000));
      ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(cut).writeBytes(bytes, at, cut);
      pieces.add(piece);
      // Also while reading is stopped: as a read that was under way when it stopped.
      channel.writeInbound(piece);
      at += cut;
    }
    for (int turns = 0; !channel.config().isAutoRead() && turns < 10_000; turns++) {
      channel.runScheduledPendingTasks(); // the loop's next turns
    }
    assertThat(channel.config().isAutoRead()).as(note + ": reading resumed").isTrue();
    assertThat(sunk).as(note).containsExactlyElementsOf(frames);
    java.util.Map<Integer, Long> perTurn =
        turnOfFrame.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    t -> t, java.util.stream.Collectors.counting()));
    assertThat(perTurn.values())
        .as(note + ": frames per turn, share " + share)
        .allMatch(n -> n <= share);
    assertFalse(channel.finishAndReleaseAll());
    for (ByteBuf piece : pieces) {
      assertThat(piece.refCnt()).as(note + ": every read released").isZero();
    }
  }
}
