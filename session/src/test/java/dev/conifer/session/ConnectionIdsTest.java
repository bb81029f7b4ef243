package dev.conifer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Demultiplexing overlay datagrams between our QUIC client and server by connection ID. */
class ConnectionIdsTest {
  private static final long SEED = Long.getLong("connectionids.seed", 7L);
  private final ConnectionIds ids = new ConnectionIds(new java.security.SecureRandom());

  private static ByteBuf shortHeader(byte[] dcid) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(0x40).writeBytes(dcid).writeBytes(new byte[40]);
    return b;
  }

  private static ByteBuf longHeader(byte[] dcid) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(0xc0).writeInt(1).writeByte(dcid.length).writeBytes(dcid).writeBytes(new byte[40]);
    return b;
  }

  private static byte[] bytes(ByteBuffer id) {
    byte[] out = new byte[id.remaining()];
    id.duplicate().get(out);
    return out;
  }

  @Test
  void clientIdsGoToTheClientInBothHeaderForms() {
    for (int i = 0; i < 100; i++) {
      byte[] id = ids.newClientIdBytes();
      assertThat(ids.isForClient(shortHeader(id))).isTrue();
      assertThat(ids.isForClient(longHeader(id))).isTrue();
    }
  }

  @Test
  void serverIdsAndRandomIdsGoToTheServer() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 1000; i++) {
      byte[] server = bytes(ids.serverGenerator().newId(ConnectionIds.LENGTH));
      assertThat(ids.isForClient(shortHeader(server))).isFalse();
      assertThat(ids.isForClient(longHeader(server))).isFalse();
      byte[] other = new byte[8 + random.nextInt(13)];
      random.nextBytes(other);
      assertThat(ids.isForClient(longHeader(other)))
          .as("reproduce: -Dconnectionids.seed=%d", SEED)
          .isFalse();
    }
  }

  @Test
  void anotherNodesClientIdsAreNotOurs() {
    ConnectionIds other = new ConnectionIds(new java.security.SecureRandom());
    int matches = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] id = other.newClientIdBytes();
      if (ids.isForClient(shortHeader(id))) {
        matches++;
      }
    }
    assertThat(matches).isZero();
  }

  @Test
  void truncatedPacketsGoToTheServerWithoutError() {
    assertThat(ids.isForClient(Unpooled.buffer())).isFalse();
    assertThat(ids.isForClient(Unpooled.wrappedBuffer(new byte[] {0x40, 1, 2}))).isFalse();
    assertThat(ids.isForClient(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc0, 0, 0, 0, 1, 16})))
        .isFalse();
  }
}
