package dev.conifer.transport.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.link.LinkLimits;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.FakeL2capConnection;
import dev.conifer.transport.testing.TestKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes peered over a fake L2CAP channel through the real bridge and pipeline: the handshake,
 * frames both ways across MTU-sized packets, and the link dropping like a radio out of range.
 */
@Timeout(30)
class BtLinkBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<BtLinkBridge> bridges = new ArrayList<>();

  @AfterEach
  void stop() {
    bridges.forEach(BtLinkBridge::close);
  }

  private BtLinkBridge bridge(Signer signer, FakeAttacher attacher) {
    LinkSetup setup =
        new LinkSetup(
            attacher::attach,
            signer,
            Ed25519.VERIFIER,
            LinkLimits.defaults(),
            new TransportCounters());
    BtLinkBridge bridge = new BtLinkBridge(setup, channel -> {});
    bridges.add(bridge);
    return bridge;
  }

  private static BtStream l2cap(FakeL2capConnection connection, String name) throws IOException {
    return new BtStreams(
        new L2capInputStream(connection),
        new L2capOutputStream(connection),
        connection::close,
        name);
  }

  private static PeerOrigin origin(String zone) {
    return new PeerOrigin(zone, "btl2cap://TEST", PeerType.BLUETOOTH, PeerOrigin.KeyCheck.NONE);
  }

  @Test
  void peersOverL2capExchangeFramesAndNoticeTheLinkDropping() throws Exception {
    FakeAttacher atA = new FakeAttacher();
    FakeAttacher atB = new FakeAttacher();
    FakeL2capConnection[] link = FakeL2capConnection.pair(672);
    CompletableFuture<BtLinkBridge.Attached> a =
        bridge(TestKeys.A, atA).attach(l2cap(link[0], "to-b"), origin("static"));
    CompletableFuture<BtLinkBridge.Attached> b =
        bridge(TestKeys.B, atB).attach(l2cap(link[1], "to-a"), origin("bluetooth"));
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertThat(atA.last().info().publicKey()).isEqualTo(TestKeys.B.publicKey());
    assertThat(atA.last().info().type()).isEqualTo(PeerType.BLUETOOTH);
    assertThat(atB.last().info().publicKey()).isEqualTo(TestKeys.A.publicKey());
    assertThat(atB.last().info().zone()).isEqualTo("bluetooth");

    Random random = new Random(77);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      frames.add(TestKeys.unknownFrame(200, random.nextInt(2500), (byte) i));
    }
    for (byte[] frame : frames) {
      atA.last().link().write(java.nio.ByteBuffer.wrap(frame.clone()));
      atB.last().link().write(java.nio.ByteBuffer.wrap(frame.clone()));
    }
    atA.last().link().flush();
    atB.last().link().flush();
    await().atMost(WAIT).until(() -> atB.last().handle().frames.size() == frames.size());
    await().atMost(WAIT).until(() -> atA.last().handle().frames.size() == frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(atB.last().handle().frames.get(i)).isEqualTo(frames.get(i));
      assertThat(atA.last().handle().frames.get(i)).isEqualTo(frames.get(i));
    }
    assertThat(link[0].sentLengths).allMatch(n -> n <= 672);

    link[0].drop();
    await().atMost(WAIT).until(() -> atA.last().handle().closed() && atB.last().handle().closed());
  }

  @Test
  void aStalledRadioMakesTheLinkUnwritableUntilItDrains() throws Exception {
    FakeAttacher atA = new FakeAttacher();
    FakeAttacher atB = new FakeAttacher();
    FakeL2capConnection[] link = FakeL2capConnection.pair(672);
    var a = bridge(TestKeys.A, atA).attach(l2cap(link[0], "to-b"), origin("static"));
    bridge(TestKeys.B, atB).attach(l2cap(link[1], "to-a"), origin("bluetooth"));
    a.get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> !atB.attached.isEmpty());
    var linkA = atA.last().link();
    link[0].stall();
    byte[] frame = TestKeys.unknownFrame(200, 4000, (byte) 1);
    int written = 0;
    // The router writes only while the link says it is writable (the Link contract); the flag
    // flips asynchronously, so a few frames beyond the high mark may slip in.
    for (int i = 0; i < 200 && linkA.isWritable(); i++) {
      linkA.write(java.nio.ByteBuffer.wrap(frame.clone()));
      linkA.flush();
      written++;
    }
    int sentFrames = written;
    await().atMost(WAIT).until(() -> !linkA.isWritable());
    assertThat(atB.last().handle().frames.size()).isLessThan(sentFrames);
    link[0].resume();
    await().atMost(WAIT).until(linkA::isWritable);
    assertThat(atA.last().handle().writableCount.get()).isPositive();
    await().atMost(WAIT).until(() -> atB.last().handle().frames.size() == sentFrames);
  }

  @Test
  void closingThePeeringClosesTheBluetoothConnection() throws Exception {
    FakeAttacher atA = new FakeAttacher();
    FakeAttacher atB = new FakeAttacher();
    FakeL2capConnection[] link = FakeL2capConnection.pair(48);
    var a = bridge(TestKeys.A, atA).attach(l2cap(link[0], "to-b"), origin("static"));
    bridge(TestKeys.B, atB).attach(l2cap(link[1], "to-a"), origin("bluetooth"));
    a.get(10, TimeUnit.SECONDS);
    // A's side can finish its handshake first; close only once both ends are peered.
    await().atMost(WAIT).until(() -> !atB.attached.isEmpty());
    atA.last().link().close("router said so");
    await().atMost(WAIT).until(link[0]::isDropped);
    await().atMost(WAIT).until(() -> !atB.attached.isEmpty() && atB.last().handle().closed());
    assertThat(atA.last().handle().closeReasons).containsExactly("router said so");
  }
}
