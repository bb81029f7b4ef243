package dev.conifer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The blocking adapter's two directions end apart, and only a real FIN reads as EOF. */
class StreamBridgeTest {
  private final StreamBridge bridge = new StreamBridge();
  private final EmbeddedChannel channel = new EmbeddedChannel(bridge);

  /**
   * Regression: a write refused by the peer (STOP_SENDING) once marked the whole bridge failed, so
   * the data still arriving was dropped and the FIN that followed read as a clean EOF.
   */
  @Test
  void aFailedWriteDoesNotCutWhatIsStillArriving() throws IOException {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    bridge.failWrite(
        new SessionException(SessionException.Reason.PEER_GONE, null, "STOP_SENDING received"));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 5}));
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

    assertThat(readAll()).containsExactly(1, 2, 3, 4, 5);
    assertThatThrownBy(bridge::awaitWritable).hasMessageContaining("STOP_SENDING");
  }

  @Test
  void aStreamThatEndsWithoutItsFinIsAnErrorNotEof() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    channel.close(); // inactive before the peer's FIN: reset, peer gone, connection closed
    byte[] buffer = new byte[16];
    assertThat(readOnce(buffer)).isEqualTo(3);
    assertThatThrownBy(() -> bridge.read(buffer, 0, buffer.length))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("closed before the peer finished it");
  }

  private int readOnce(byte[] buffer) {
    try {
      return bridge.read(buffer, 0, buffer.length);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] readAll() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[2];
    for (int n = bridge.read(buffer, 0, 2); n >= 0; n = bridge.read(buffer, 0, 2)) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
