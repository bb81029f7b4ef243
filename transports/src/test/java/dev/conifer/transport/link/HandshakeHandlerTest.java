package dev.conifer.transport.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandshakeHandlerTest {
  private static final long TIMEOUT_NS = Handshake.TIMEOUT_NS;
  private static final PeerOrigin ORIGIN = new PeerOrigin("static", "tcp://127.0.0.1:1");

  private final FakeAttacher attacher = new FakeAttacher();
  private final TransportCounters counters = new TransportCounters();
  private final LinkSetup setup = setup(1024);
  private final CompletableFuture<PeerHandle> result = new CompletableFuture<>();

  private LinkSetup setup(int pendingMax) {
    return new LinkSetup(
        attacher,
        TestKeys.A,
        Ed25519.VERIFIER,
        LinkLimits.defaults().withPendingHandshakeCountMax(pendingMax),
        counters);
  }

  /** A channel with frozen time, so deadlines move only when the test says so. */
  private EmbeddedChannel channel(boolean startOnActive) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    setup.install(channel.pipeline(), ORIGIN, startOnActive, result);
    return channel;
  }

  private static byte[] readOutbound(EmbeddedChannel channel) {
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

  private static HandshakeFailure failure(CompletableFuture<PeerHandle> result) {
    assertThat(result).isCompletedExceptionally();
    try {
      result.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(PeeringException.class);
      return ((PeeringException) e.getCause()).failure();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private void assertRejected(EmbeddedChannel channel, HandshakeFailure expected) {
    assertThat(channel.isOpen()).isFalse();
    assertThat(failure(result)).isEqualTo(expected);
    assertThat(counters.handshakeFailures(expected)).isEqualTo(1);
    assertThat(attacher.attached).isEmpty();
    assertThat(setup.pendingHandshakeCount()).isZero();
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void sendsOurHandshakeAsSoonAsTheChannelIsActive() {
    EmbeddedChannel channel = channel(true);
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertThat(setup.pendingHandshakeCount()).isEqualTo(1);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aRouterOnTheLinksLoopWritesToTheLinkWithoutACrossThreadQueue() {
    attacher.onCallingThread = true;
    EmbeddedChannel channel = channel(true);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B)));
    assertThat(channel.pipeline().get("link")).isSameAs(attacher.last().link());
    assertThat(channel.pipeline().get("cross-thread")).isNull();
    ByteBuf ours = channel.readOutbound();
    ours.release();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void attachesAVerifiedPeerAndPassesOnTheFramesThatFollow() {
    EmbeddedChannel channel = channel(true);
    ByteBuf input = Unpooled.buffer();
    input.writeBytes(Handshake.encode(TestKeys.B)).writeBytes(TestKeys.keepalive());
    channel.writeInbound(input);

    assertThat(attacher.attached).hasSize(1);
    FakeAttacher.Attached attached = attacher.last();
    assertThat(attached.info().publicKey()).isEqualTo(TestKeys.B.publicKey());
    assertThat(attached.info().type()).isEqualTo(PeerType.REMOTE);
    assertThat(attached.info().zone()).isEqualTo("static");
    assertThat(attached.info().uri()).isEqualTo("tcp://127.0.0.1:1");
    assertThat(attached.handle().frames).containsExactly(TestKeys.keepalive());
    assertThat(result).isCompletedWithValue(attached.handle());
    assertThat(counters.handshakesCompleted()).isEqualTo(1);
    assertThat(setup.pendingHandshakeCount()).isZero();
    assertThat(channel.pipeline().get("handshake")).isNull();
    // The fake router is not on this loop: it writes through the cross-thread queue.
    assertThat(channel.pipeline().get("link")).isInstanceOf(PeerLinkHandler.class);
    assertThat(channel.pipeline().get("cross-thread")).isSameAs(attached.link());
    assertThat(channel.pipeline().get("write-stall")).isInstanceOf(WriteStallWatchdog.class);

    // The deadline was cancelled: a working peering outlives it.
    channel.advanceTimeBy(2 * TIMEOUT_NS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void acceptsAHandshakeFedByteByByte() {
    EmbeddedChannel channel = channel(true);
    for (byte b : Handshake.encode(TestKeys.B)) {
      assertThat(attacher.attached).isEmpty();
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(attacher.attached).hasSize(1);
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void rejectsAnotherVersion() {
    EmbeddedChannel channel = channel(true);
    byte[] handshake = Handshake.encode(TestKeys.B);
    handshake[0] = 2;
    channel.writeInbound(Unpooled.wrappedBuffer(handshake));
    assertRejected(channel, HandshakeFailure.BAD_VERSION);
  }

  @Test
  void rejectsOtherCapabilities() {
    EmbeddedChannel channel = channel(true);
    byte[] handshake = Handshake.encode(TestKeys.B);
    handshake[7] |= 0x04; // SetupACKs: an extra bit fails, as in Go
    channel.writeInbound(Unpooled.wrappedBuffer(handshake));
    assertRejected(channel, HandshakeFailure.BAD_CAPABILITIES);
  }

  @Test
  void rejectsABadSignature() {
    EmbeddedChannel channel = channel(true);
    byte[] handshake = Handshake.encode(TestKeys.B);
    handshake[Handshake.LENGTH - 1] ^= 1;
    channel.writeInbound(Unpooled.wrappedBuffer(handshake));
    assertRejected(channel, HandshakeFailure.BAD_SIGNATURE);
  }

  @Test
  void rejectsAKeySwappedUnderAnotherSignature() {
    EmbeddedChannel channel = channel(true);
    byte[] handshake = Handshake.encode(TestKeys.B);
    TestKeys.C.publicKey().write(java.nio.ByteBuffer.wrap(handshake), 8);
    channel.writeInbound(Unpooled.wrappedBuffer(handshake));
    assertRejected(channel, HandshakeFailure.BAD_SIGNATURE);
  }

  @Test
  void rejectsOurOwnKey() {
    EmbeddedChannel channel = channel(true);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.A)));
    assertRejected(channel, HandshakeFailure.SELF_PEERING);
  }

  @Test
  void closesASilentPeerAtTheDeadline() {
    EmbeddedChannel channel = channel(true);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B), 0, 50));
    channel.advanceTimeBy(TIMEOUT_NS - 1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertRejected(channel, HandshakeFailure.TIMEOUT);
  }

  @Test
  void countsAPeerThatHangsUpMidHandshake() {
    EmbeddedChannel channel = channel(true);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 0, 0}));
    channel.close();
    assertRejected(channel, HandshakeFailure.CLOSED);
  }

  @Test
  void closesWhenNoSwitchPortIsFree() {
    attacher.refuse = true;
    EmbeddedChannel channel = channel(true);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B)));
    assertThat(channel.isOpen()).isFalse();
    assertThat(failure(result)).isEqualTo(HandshakeFailure.NO_FREE_PORT);
    assertThat(counters.handshakeFailures(HandshakeFailure.NO_FREE_PORT)).isEqualTo(1);
    assertThat(setup.pendingHandshakeCount()).isZero();
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void waitsForStreamReadyBeforeSendingWhenAsked() {
    EmbeddedChannel channel = channel(false);
    assertThat(readOutbound(channel)).isNull();
    channel.pipeline().fireUserEventTriggered(StreamReadyEvent.INSTANCE);
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    channel.pipeline().fireUserEventTriggered(StreamReadyEvent.INSTANCE);
    assertThat(readOutbound(channel)).as("sent once").isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void answersAPeerThatSpokeBeforeStreamReady() {
    EmbeddedChannel channel = channel(false);
    channel.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B)));
    assertThat(readOutbound(channel)).isEqualTo(Handshake.encode(TestKeys.A));
    assertThat(attacher.attached).hasSize(1);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void refusesConnectionsBeyondThePendingHandshakeLimit() {
    LinkSetup limited = setup(1);
    EmbeddedChannel first = new EmbeddedChannel();
    limited.install(first.pipeline(), ORIGIN, true, null);
    EmbeddedChannel second = new EmbeddedChannel();
    CompletableFuture<PeerHandle> refused = new CompletableFuture<>();
    limited.install(second.pipeline(), ORIGIN, true, refused);

    assertThat(second.isOpen()).isFalse();
    assertThat(failure(refused)).isEqualTo(HandshakeFailure.TOO_MANY_PENDING);
    assertThat(limited.pendingHandshakeCount()).isEqualTo(1);

    first.writeInbound(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B)));
    assertThat(limited.pendingHandshakeCount()).isZero();
    assertThat(readOutbound(first)).isEqualTo(Handshake.encode(TestKeys.A));
    assertFalse(first.finishAndReleaseAll());
    assertFalse(second.finishAndReleaseAll());
  }
}
