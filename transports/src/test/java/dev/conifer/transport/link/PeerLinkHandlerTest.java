package dev.conifer.transport.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.WireError;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.FakePeerHandle;
import dev.conifer.transport.testing.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The attached half: frames in, frames out, writability and closing, on an EmbeddedChannel. */
class PeerLinkHandlerTest {
  private final FakeAttacher attacher = new FakeAttacher();
  private final TransportCounters counters = new TransportCounters();
  private static final long STALL_NS = 30_000_000_000L;

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final FakeAttacher.Attached peer;

  PeerLinkHandlerTest() {
    channel.freezeTime();
    LinkSetup setup =
        new LinkSetup(
            attacher,
            TestKeys.A,
            Ed25519.VERIFIER,
            LinkLimits.defaults().withWriteStallTimeoutNs(STALL_NS),
            counters);
    setup.install(channel.pipeline(), new PeerOrigin("", "tcp://127.0.0.1:2"), true, null);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B)));
    peer = attacher.last();
    ByteBuf ours = channel.readOutbound();
    ours.release();
  }

  private byte[] readOutbound() {
    ByteBuf buf = channel.readOutbound();
    if (buf == null) {
      return null;
    }
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  @Test
  void handsEachFrameToTheRouterAndCountsIt() {
    byte[] frame = TestKeys.unknownFrame(200, 30, (byte) 5);
    channel.writeInbound(Unpooled.wrappedBuffer(frame));
    channel.writeInbound(Unpooled.wrappedBuffer(TestKeys.keepalive()));
    assertThat(peer.handle().frames).containsExactly(frame, TestKeys.keepalive());
    assertThat(counters.framesIn()).isEqualTo(2);
    assertThat(counters.bytesIn()).isEqualTo(frame.length + FrameHeader.LENGTH);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void countsFramesTheRouterRingRefused() {
    peer.handle().ringFull = true;
    channel.writeInbound(Unpooled.wrappedBuffer(TestKeys.keepalive()));
    assertThat(counters.framesDroppedRingFull()).isEqualTo(1);
    assertThat(channel.isOpen()).isTrue();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void writesFramesOnlyWhenFlushed() {
    peer.link().write(java.nio.ByteBuffer.wrap(TestKeys.keepalive()));
    assertThat(readOutbound()).isNull();
    peer.link().flush();
    assertThat(readOutbound()).isEqualTo(TestKeys.keepalive());
    assertFalse(channel.finishAndReleaseAll());
  }

  /**
   * Bytes the pipeline holds unflushed, as a batch the router wrote but the socket did not take.
   */
  private void fillOutboundBuffer() {
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(16, 32));
    channel.write(Unpooled.wrappedBuffer(new byte[40]));
  }

  @Test
  void reportsWritabilityFromTheWaterMarks() {
    assertThat(peer.link().isWritable()).isTrue();
    fillOutboundBuffer();
    assertThat(peer.link().isWritable()).isFalse();
    peer.link().flush();
    assertThat(peer.link().isWritable()).isTrue();
    assertThat(peer.handle().writableCount).hasValue(1);
    assertThat(readOutbound()).hasSize(40);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void framesWrittenIntoClaimedRoomLeaveInOneBatch() {
    byte[] keepalive = TestKeys.keepalive();
    for (int i = 0; i < 3; i++) {
      java.nio.ByteBuffer room = peer.link().claim(keepalive.length);
      assertThat(room).isNotNull();
      room.put(keepalive);
      peer.link().commit(keepalive.length);
    }
    peer.link().write(java.nio.ByteBuffer.wrap(keepalive)); // the fallback joins the same batch
    assertThat(readOutbound()).isNull();
    peer.link().flush();
    byte[] batch = readOutbound();
    assertThat(batch).hasSize(4 * keepalive.length);
    assertThat(java.util.Arrays.copyOfRange(batch, 30, 40)).isEqualTo(keepalive);
    assertThat(readOutbound()).isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void closesALinkWhosePeerStopsReading() {
    fillOutboundBuffer();
    assertThat(peer.link().isWritable()).isFalse();
    channel.advanceTimeBy(STALL_NS - 1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(peer.handle().closeReasons)
        .containsExactly("write stalled for 30000 ms: peer is not reading");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aStallThatClearsInTimeKeepsTheLink() {
    fillOutboundBuffer();
    channel.advanceTimeBy(STALL_NS / 2, TimeUnit.NANOSECONDS);
    peer.link().flush(); // the peer read: writable again, the stall timer is cancelled
    channel.advanceTimeBy(STALL_NS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    assertThat(readOutbound()).hasSize(40);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void closeByTheRouterReportsItsReasonOnce() {
    peer.link().close("read timeout");
    peer.link().close("second reason");
    assertThat(channel.isOpen()).isFalse();
    assertThat(peer.handle().closeReasons).containsExactly("read timeout");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void endOfStreamReportsClosedByPeer() {
    channel.close();
    assertThat(peer.handle().closeReasons).containsExactly(PeerLinkHandler.CLOSED_BY_PEER);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aMalformedFrameClosesTheLinkWithItsReason() {
    byte[] bad = TestKeys.keepalive();
    bad[0] = 'X';
    ByteBuf input = Unpooled.buffer();
    input.writeBytes(TestKeys.keepalive()).writeBytes(bad).writeBytes(TestKeys.keepalive());
    channel.writeInbound(input);
    FakePeerHandle handle = peer.handle();
    assertThat(handle.frames).containsExactly(TestKeys.keepalive());
    assertThat(channel.isOpen()).isFalse();
    assertThat(handle.closeReasons).hasSize(1);
    assertThat(handle.closeReasons.get(0)).startsWith("BAD_MAGIC");
    assertThat(counters.frameRejects(WireError.BAD_MAGIC)).isEqualTo(1);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void anOversizedFrameClosesTheLink() {
    channel.close();
    EmbeddedChannel small = new EmbeddedChannel();
    LinkSetup setup =
        new LinkSetup(
            attacher,
            TestKeys.A,
            Ed25519.VERIFIER,
            LinkLimits.defaults().withFrameLengthMax(100),
            counters);
    setup.install(small.pipeline(), new PeerOrigin("", ""), true, null);
    ByteBuf input = Unpooled.buffer();
    input
        .writeBytes(Handshake.encode(TestKeys.B))
        .writeBytes(TestKeys.unknownFrame(200, 91, (byte) 0));
    small.writeInbound(input);
    assertThat(small.isOpen()).isFalse();
    assertThat(attacher.last().handle().closeReasons.get(0)).startsWith("FRAME_TOO_LONG");
    assertThat(counters.frameRejects(WireError.FRAME_TOO_LONG)).isEqualTo(1);
    ByteBuf ours = small.readOutbound();
    ours.release();
    assertFalse(small.finishAndReleaseAll());
    assertFalse(channel.finishAndReleaseAll());
  }
}
