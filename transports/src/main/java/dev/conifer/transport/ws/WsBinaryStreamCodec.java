package dev.conifer.transport.ws;

import dev.conifer.transport.link.StreamReadyEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;

/**
 * Turns a WebSocket connection into the byte stream the peering protocol expects (PROTOCOL.md §11):
 * the payloads of binary messages, concatenated (message boundaries carry no meaning), and each
 * outbound buffer (the handshake, or one frame) as one binary message, as Go writes them. A text
 * message is a protocol error: Go's client fails on it, and so do we.
 *
 * <p>It also translates "upgrade complete" from either side into {@link StreamReadyEvent}.
 */
public final class WsBinaryStreamCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
    out.add(new BinaryWebSocketFrame(msg.retain()));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      out.add(msg.content().retain());
    } else if (msg instanceof TextWebSocketFrame) {
      throw new CorruptedFrameException("WebSocket text message; only binary messages are allowed");
    }
    // Ping, pong and close are answered by the protocol handler in front; anything else is ignored.
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete
        || event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      ctx.fireUserEventTriggered(StreamReadyEvent.INSTANCE);
    }
    super.userEventTriggered(ctx, event);
  }
}
