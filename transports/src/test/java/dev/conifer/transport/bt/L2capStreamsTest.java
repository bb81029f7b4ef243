package dev.conifer.transport.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.Handshake;
import dev.conifer.transport.frame.FrameDecoder;
import dev.conifer.transport.frame.ReceivedHandshake;
import dev.conifer.transport.testing.FakeL2capConnection;
import dev.conifer.transport.testing.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The L2CAP segmentation and reassembly of the peering byte stream, over a fake JSR-82 link. */
class L2capStreamsTest {
  private static final long SEED = Long.getLong("transports.seed", 4242L);

  @ParameterizedTest
  @ValueSource(ints = {48, 672, 1691, 65_535})
  void framesSurviveSegmentationAtAnyMtu(int mtu) throws IOException {
    String reproduce = "reproduce: -Dtransports.seed=" + SEED + " mtu=" + mtu;
    FakeL2capConnection[] link = FakeL2capConnection.pair(mtu);
    L2capOutputStream out = new L2capOutputStream(link[0]);
    L2capInputStream in = new L2capInputStream(link[1]);
    Random random = new Random(SEED ^ mtu);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    byte[] handshake = Handshake.encode(TestKeys.A);
    out.write(handshake);
    sent.write(handshake);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] frame = TestKeys.unknownFrame(200, random.nextInt(3000), (byte) i);
      frames.add(frame);
      out.write(frame);
      sent.write(frame);
      if (random.nextInt(4) == 0) {
        out.flush(); // the router flushes once per drain, at arbitrary frame counts
      }
    }
    out.flush();
    assertThat(link[0].sentLengths).as(reproduce).allMatch(n -> n > 0 && n <= mtu);

    // Reassemble exactly the bytes sent, then let the real frame decoder find the frames.
    byte[] expected = sent.toByteArray();
    byte[] received = new byte[expected.length];
    int read = 0;
    while (read < received.length) {
      read += in.read(received, read, Math.min(received.length - read, 1 + random.nextInt(5000)));
    }
    assertThat(received).as(reproduce).isEqualTo(expected);
    assertThat(in.available()).isZero();

    EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(65_535));
    decoder.writeInbound(Unpooled.wrappedBuffer(received));
    ReceivedHandshake hs = decoder.readInbound();
    assertThat(hs.bytes()).isEqualTo(handshake);
    for (byte[] frame : frames) {
      ByteBuf buf = decoder.readInbound();
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      assertThat(bytes).as(reproduce).isEqualTo(frame);
    }
    assertThat(decoder.finishAndReleaseAll()).isFalse();
  }

  @Test
  void packsSmallFramesIntoOnePacketAndSplitsLargeOnes() throws IOException {
    FakeL2capConnection[] link = FakeL2capConnection.pair(672);
    L2capOutputStream out = new L2capOutputStream(link[0]);
    out.write(TestKeys.keepalive());
    out.write(TestKeys.keepalive());
    out.flush();
    assertThat(link[0].sentLengths).containsExactly(20);
    out.write(new byte[1500]);
    out.flush();
    assertThat(link[0].sentLengths).containsExactly(20, 672, 672, 156);
    assertThat(out.packetsSent()).isEqualTo(4);
  }

  @Test
  void aDroppedLinkFailsBlockedAndLaterCalls() throws Exception {
    FakeL2capConnection[] link = FakeL2capConnection.pair(672);
    L2capInputStream in = new L2capInputStream(link[1]);
    L2capOutputStream out = new L2capOutputStream(link[0]);
    var reader =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.read(new byte[10], 0, 10);
              } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    link[0].drop();
    assertThatThrownBy(() -> reader.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
    out.write(new byte[10]);
    assertThatThrownBy(out::flush).isInstanceOf(IOException.class).hasMessageContaining("dropped");
  }
}
