package dev.conifer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.transport.link.LinkLimits;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.StreamReadyEvent;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WsBinaryStreamCodecTest {
  private static byte[] bytes(ByteBuf buf) {
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  @Test
  void passesBinaryAndContinuationPayloadsOnAsBytes() {
    EmbeddedChannel channel = new EmbeddedChannel(new WsBinaryStreamCodec());
    channel.writeInbound(
        new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1, 2})));
    channel.writeInbound(new ContinuationWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {3})));
    channel.writeInbound(new PongWebSocketFrame());
    assertThat(bytes(channel.readInbound())).containsExactly(1, 2);
    assertThat(bytes(channel.readInbound())).containsExactly(3);
    assertThat(channel.<Object>readInbound()).isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void sendsEachOutboundBufferAsOneBinaryMessage() {
    EmbeddedChannel channel = new EmbeddedChannel(new WsBinaryStreamCodec());
    channel.writeOutbound(Unpooled.wrappedBuffer(TestKeys.keepalive()));
    BinaryWebSocketFrame frame = channel.readOutbound();
    assertThat(frame.isFinalFragment()).isTrue();
    assertThat(bytes(frame.content().retain())).isEqualTo(TestKeys.keepalive());
    frame.release();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void rejectsATextMessage() {
    EmbeddedChannel channel = new EmbeddedChannel(new WsBinaryStreamCodec());
    assertThatThrownBy(() -> channel.writeInbound(new TextWebSocketFrame("hello")))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessageContaining("text");
    assertFalse(channel.finishAndReleaseAll());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void turnsUpgradeCompletionIntoStreamReady(boolean server) {
    List<Object> events = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new WsBinaryStreamCodec(),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
              }
            });
    Object completion =
        server
            ? new WebSocketServerProtocolHandler.HandshakeComplete(
                "/", new DefaultHttpHeaders(), null)
            : WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE;
    channel.pipeline().fireUserEventTriggered(completion);
    assertThat(events).containsExactly(StreamReadyEvent.INSTANCE, completion);
    assertFalse(channel.finishAndReleaseAll());
  }

  /** Go writes one message per frame, but a peer may cut messages anywhere; both must work. */
  @Test
  void framesSurviveMessageBoundariesThatDoNotMatchFrameBoundaries() {
    long seed = Long.getLong("transports.seed", 0x3e55L);
    Random random = new Random(seed);
    FakeAttacher attacher = new FakeAttacher();
    EmbeddedChannel channel = new EmbeddedChannel(new WsBinaryStreamCodec());
    new LinkSetup(
            attacher, TestKeys.A, Ed25519.VERIFIER, LinkLimits.defaults(), new TransportCounters())
        .install(channel.pipeline(), new PeerOrigin("websocket", ""), false, null);
    channel.pipeline().fireUserEventTriggered(StreamReadyEvent.INSTANCE);

    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(Handshake.encode(TestKeys.B));
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] frame = TestKeys.unknownFrame(200, random.nextInt(500), (byte) i);
      frames.add(frame);
      stream.writeBytes(frame);
    }
    byte[] all = stream.toByteArray();
    for (int offset = 0; offset < all.length; ) {
      int length = Math.min(all.length - offset, 1 + random.nextInt(700));
      channel.writeInbound(new BinaryWebSocketFrame(Unpooled.copiedBuffer(all, offset, length)));
      offset += length;
    }
    assertThat(attacher.attached).as("reproduce: -Dtransports.seed=" + seed).hasSize(1);
    assertThat(attacher.last().handle().frames)
        .as("reproduce: -Dtransports.seed=" + seed)
        .containsExactlyElementsOf(frames);

    BinaryWebSocketFrame ours = channel.readOutbound();
    assertThat(bytes(ours.content().retain())).isEqualTo(Handshake.encode(TestKeys.A));
    ours.release();
    attacher.last().link().write(java.nio.ByteBuffer.wrap(TestKeys.keepalive()));
    attacher.last().link().flush();
    BinaryWebSocketFrame keepalive = channel.readOutbound();
    assertThat(bytes(keepalive.content().retain())).isEqualTo(TestKeys.keepalive());
    keepalive.release();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void aTextMessageAfterTheHandshakeClosesThePeering() {
    FakeAttacher attacher = new FakeAttacher();
    EmbeddedChannel channel = new EmbeddedChannel(new WsBinaryStreamCodec());
    new LinkSetup(
            attacher, TestKeys.A, Ed25519.VERIFIER, LinkLimits.defaults(), new TransportCounters())
        .install(channel.pipeline(), new PeerOrigin("websocket", ""), false, null);
    channel.writeInbound(
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Handshake.encode(TestKeys.B))));
    channel.writeInbound(new TextWebSocketFrame("hi"));
    assertThat(channel.isOpen()).isFalse();
    assertThat(attacher.last().handle().closeReasons.get(0)).contains("text message");
    BinaryWebSocketFrame ours = channel.readOutbound();
    ours.release();
    assertFalse(channel.finishAndReleaseAll());
  }
}
