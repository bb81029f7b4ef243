package dev.conifer.snek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import dev.conifer.snek.wire.Watermark;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequence observed live against a Go node (PROTOCOL.md §17.7), replayed with our node in the
 * Go node's place and the test playing the other peer frame by frame.
 */
class GoLiveSequenceTest {
  private static final long EPOCH_MS = 1_700_000_000_000L;
  private static final Signer A = seeded(1);
  private static final Signer B = seeded(2);
  private static final Signer C = seeded(3);

  private static Signer seeded(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return Ed25519.signerFromSeed(seed);
  }

  private long now;
  private SnekNode node;

  private List<Frame> drain() throws WireException {
    List<Frame> out = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    Transmit t = new Transmit();
    while (true) {
      buffer.clear();
      if (!node.pollTransmit(buffer, t)) {
        return out;
      }
      buffer.flip();
      assertThat(t.port()).isEqualTo(1);
      out.add(FrameCodec.decode(buffer));
    }
  }

  private FrameVerdict feed(Frame frame) {
    return node.handleFrame(now, 1, ByteBuffer.wrap(FrameCodec.encode(frame)));
  }

  @Test
  void asTheRootWithAChildPeer() throws WireException {
    node =
        new SnekNode(
            SnekConfig.defaults().withHopLimiting(true), C, Ed25519.VERIFIER, 0, EPOCH_MS, 1);
    Root rootC = new Root(C.publicKey(), 1);

    // 2. The first frame is our announcement {root C, seq 1, [(1, C)]}.
    node.portUp(now, 1, A.publicKey(), PeerType.REMOTE);
    List<Frame> first = drain();
    SwitchAnnouncement ours = ((TreeAnnouncementFrame) first.get(0)).announcement();
    assertThat(ours.root()).isEqualTo(rootC);
    assertThat(ours.entries()).hasSize(1);
    assertThat(ours.entries().get(0).hop()).isEqualTo(1);
    assertThat(ours.entries().get(0).key()).isEqualTo(C.publicKey());

    // 3. A's announcement, signed over ours with hop 1: stored (a loop), answered by a broadcast.
    assertThat(feed(new TreeAnnouncementFrame(ours.signedFor(1, A))))
        .isEqualTo(FrameVerdict.CONSUMED);
    List<Frame> afterAnnouncement = drain();
    assertThat(afterAnnouncement).hasSize(1);
    WakeupBroadcastFrame broadcast = (WakeupBroadcastFrame) afterAnnouncement.get(0);
    assertThat(broadcast.hopLimit()).isEqualTo(5);
    assertThat(broadcast.payload().root()).isEqualTo(rootC);
    assertThat(node.peerCoordinates(1)).isEqualTo(Coordinates.of(1));

    // 4. A's bootstrap with watermark C/0 installs a path to A, and A becomes our descending node.
    long bootstrapSeq = EPOCH_MS + 500;
    SignedRootPayload payload = SignedRootPayload.sign(bootstrapSeq, rootC, A);
    feed(new BootstrapFrame(A.publicKey(), new Watermark(C.publicKey(), 0), payload.toBytes()));
    assertThat(node.descending()).isEqualTo(A.publicKey());
    assertThat(node.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.originKey()).isEqualTo(A.publicKey());
              assertThat(r.watermark()).isEqualTo(new Watermark(A.publicKey(), bootstrapSeq));
            });

    // 5. A's SNEK traffic to C is delivered; our echo goes back tree-routed to A's coordinates.
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    TrafficFrame fromA =
        new TrafficFrame(
            10,
            Coordinates.ROOT,
            Coordinates.of(1),
            C.publicKey(),
            A.publicKey(),
            new Watermark(C.publicKey(), 0),
            hello);
    assertThat(feed(fromA)).isEqualTo(FrameVerdict.DELIVERED);
    assertThat(node.send(now, A.publicKey(), ByteBuffer.wrap(hello))).isEqualTo(SendResult.QUEUED);
    TrafficFrame echo = (TrafficFrame) drain().get(0);
    assertThat(echo.destination()).isEqualTo(Coordinates.of(1));
    assertThat(echo.source()).isEqualTo(Coordinates.ROOT);
    assertThat(echo.hopLimit()).isEqualTo(9);
    assertThat(echo.payload()).isEqualTo(hello);
  }

  @Test
  void asAChildOfAStrongerRoot() throws WireException {
    node = new SnekNode(SnekConfig.defaults(), B, Ed25519.VERIFIER, 0, EPOCH_MS, 1);
    Root rootC = new Root(C.publicKey(), 1);

    // B first announces itself as root {B, 1}.
    node.portUp(now, 1, C.publicKey(), PeerType.REMOTE);
    SwitchAnnouncement selfRoot = ((TreeAnnouncementFrame) drain().get(0)).announcement();
    assertThat(selfRoot.root()).isEqualTo(new Root(B.publicKey(), 1));

    // After C's stronger announcement: {C, 1, [(1, C), (1, B)]}, then a broadcast with root C/1.
    SwitchAnnouncement fromC = SwitchAnnouncement.rootOnly(rootC).signedFor(1, C);
    feed(new TreeAnnouncementFrame(fromC));
    List<Frame> sent = drain();
    SwitchAnnouncement adopted = ((TreeAnnouncementFrame) sent.get(0)).announcement();
    assertThat(adopted.root()).isEqualTo(rootC);
    assertThat(adopted.entries())
        .extracting(SwitchAnnouncement.Entry::key)
        .containsExactly(C.publicKey(), B.publicKey());
    assertThat(adopted.entries()).extracting(SwitchAnnouncement.Entry::hop).containsExactly(1L, 1L);
    assertThat(((WakeupBroadcastFrame) sent.get(1)).payload().root()).isEqualTo(rootC);

    // Bootstraps with watermark {C, 0}: the first within a second, then every 5 s.
    List<Long> bootstrapTimes = new ArrayList<>();
    for (now = 0; now <= 12 * NodeHarness.SECOND; now += NodeHarness.SECOND / 10) {
      node.handleTimeout(now);
      for (Frame f : drain()) {
        if (f instanceof BootstrapFrame b) {
          assertThat(b.watermark()).isEqualTo(new Watermark(C.publicKey(), 0));
          assertThat(b.destinationKey()).isEqualTo(B.publicKey());
          assertThat(SignedRootPayload.decode(b.payload()).verify(B.publicKey(), Ed25519.VERIFIER))
              .isTrue();
          bootstrapTimes.add(now);
        }
      }
    }
    assertThat(bootstrapTimes.get(0)).isLessThanOrEqualTo(NodeHarness.SECOND);
    assertThat(bootstrapTimes.get(1) - bootstrapTimes.get(0)).isEqualTo(5 * NodeHarness.SECOND);

    // C's SNEK traffic is delivered, and our reply goes SNEK (a root's coordinates are never
    // cached) with watermark {C, 0}.
    byte[] ping = {1, 2, 3};
    feed(
        new TrafficFrame(
            10,
            Coordinates.ROOT,
            Coordinates.ROOT,
            B.publicKey(),
            C.publicKey(),
            new Watermark(B.publicKey(), 0),
            ping));
    node.send(now, C.publicKey(), ByteBuffer.wrap(ping));
    TrafficFrame reply =
        (TrafficFrame)
            drain().stream().filter(f -> f.type() == FrameType.TRAFFIC).findFirst().orElseThrow();
    assertThat(reply.destination()).isEqualTo(Coordinates.ROOT);
    assertThat(reply.watermark()).isEqualTo(new Watermark(C.publicKey(), 0));
    assertThat(reply.hopLimit()).as("limiting is off by default").isEqualTo(10);
    assertThat(PublicKey.dhtOrdered(B.publicKey(), A.publicKey(), C.publicKey())).isTrue();
  }
}
