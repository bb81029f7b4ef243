package dev.conifer.conformance;

import static dev.conifer.conformance.Vectors.A;
import static dev.conifer.conformance.Vectors.B;
import static dev.conifer.conformance.Vectors.C;
import static dev.conifer.conformance.Vectors.SIGNER_A;
import static dev.conifer.conformance.Vectors.SIGNER_B;
import static dev.conifer.conformance.Vectors.SIGNER_C;
import static dev.conifer.conformance.Vectors.hex;
import static dev.conifer.conformance.Vectors.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.KeepaliveFrame;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §17 and §4.5, byte for byte: build and encode, decode, and verify signatures. */
class GoldenVectorsTest {
  private static final long SEQ_1700000000000 = 1_700_000_000_000L;
  private static final Root ROOT_C_1 = new Root(C, 1);

  @Test
  void fixedSeedsGiveTheSpecKeys() {
    assertThat(SIGNER_A.publicKey()).isEqualTo(A);
    assertThat(SIGNER_B.publicKey()).isEqualTo(B);
    assertThat(SIGNER_C.publicKey()).isEqualTo(C);
    assertThat(A.toHex())
        .isEqualTo("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
    // B < A < C: C is the root.
    assertThat(B.lessThan(A)).isTrue();
    assertThat(A.lessThan(C)).isTrue();
  }

  @Test
  void handshakeFromA() throws WireException {
    byte[] expected = hex("handshake_a.hex");
    assertThat(Handshake.encode(SIGNER_A)).isEqualTo(expected);
    assertThat(Handshake.decode(expected, Ed25519.VERIFIER)).isEqualTo(A);
    assertThat(SIGNER_A.sign(expected, 0, 40)).isEqualTo(signature("handshake_a"));
  }

  /** Every golden frame decodes, re-encodes to the same bytes, and passes the header check. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "keepalive.frame.hex",
        "announcement_c_port1.frame.hex",
        "announcement_b_port300.frame.hex",
        "bootstrap_a.frame.hex",
        "broadcast_b.frame.hex",
        "traffic_tree_b_to_a.frame.hex",
        "traffic_snek_b_to_a.frame.hex",
        "frame_test_tree.frame.hex",
        "frame_test_snek.frame.hex",
        "frame_test_bootstrap.frame.hex"
      })
  void decodeThenEncodeIsIdentity(String file) throws WireException {
    byte[] bytes = hex(file);
    assertThat(FrameHeader.check(ByteBuffer.wrap(bytes), 0, FrameHeader.FRAME_LENGTH_MAX))
        .isEqualTo(bytes.length);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    Frame frame = FrameCodec.decode(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    assertThat(FrameCodec.encode(frame)).isEqualTo(bytes);
    assertThat(FrameCodec.encodedLength(frame)).isEqualTo(bytes.length);
  }

  @Test
  void keepalive() throws WireException {
    byte[] bytes = hex("keepalive.frame.hex");
    assertThat(FrameCodec.encode(KeepaliveFrame.INSTANCE)).isEqualTo(bytes);
    assertThat(FrameCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(KeepaliveFrame.INSTANCE);
  }

  @Test
  void announcementFromRootC() throws WireException {
    byte[] bytes = hex("announcement_c_port1.frame.hex");
    SwitchAnnouncement built = SwitchAnnouncement.rootOnly(ROOT_C_1).signedFor(1, SIGNER_C);
    assertThat(built.entries().get(0).signature()).isEqualTo(signature("announcement_c"));
    assertThat(FrameCodec.encode(new TreeAnnouncementFrame(built))).isEqualTo(bytes);

    SwitchAnnouncement decoded = decodeAnnouncement(bytes);
    assertThat(decoded).isEqualTo(built);
    assertThat(decoded.root()).isEqualTo(ROOT_C_1);
    assertThat(decoded.entries()).hasSize(1);
    assertThat(decoded.entries().get(0).key()).isEqualTo(C);
    assertThat(decoded.verify(Ed25519.VERIFIER)).isTrue();
    assertThat(decoded.receiverCoordinates()).isEqualTo(Coordinates.of(1));
    assertThat(decoded.senderCoordinates()).isEqualTo(Coordinates.ROOT);
  }

  @Test
  void announcementForwardedByB() throws WireException {
    byte[] bytes = hex("announcement_b_port300.frame.hex");
    SwitchAnnouncement fromC = decodeAnnouncement(hex("announcement_c_port1.frame.hex"));
    SwitchAnnouncement built = fromC.signedFor(300, SIGNER_B);
    assertThat(built.entries().get(1).signature()).isEqualTo(signature("announcement_b"));
    assertThat(FrameCodec.encode(new TreeAnnouncementFrame(built))).isEqualTo(bytes);

    SwitchAnnouncement decoded = decodeAnnouncement(bytes);
    assertThat(decoded).isEqualTo(built);
    assertThat(decoded.encodedLength()).isEqualTo(228);
    assertThat(decoded.verify(Ed25519.VERIFIER)).isTrue();
    assertThat(decoded.entries()).extracting(SwitchAnnouncement.Entry::key).containsExactly(C, B);
    assertThat(decoded.entries())
        .extracting(SwitchAnnouncement.Entry::hop)
        .containsExactly(1L, 300L);
    assertThat(decoded.receiverCoordinates()).isEqualTo(Coordinates.of(1, 300));
    assertThat(decoded.senderCoordinates()).isEqualTo(Coordinates.of(1));
    // B's signature covers exactly C's 130-byte announcement.
    assertThat(Ed25519.VERIFIER.verify(B, fromC.toBytes(), decoded.entries().get(1).signature()))
        .isTrue();
  }

  @Test
  void bootstrapFromA() throws WireException {
    byte[] bytes = hex("bootstrap_a.frame.hex");
    SignedRootPayload payload = SignedRootPayload.sign(SEQ_1700000000000, ROOT_C_1, SIGNER_A);
    assertThat(payload.signature()).isEqualTo(signature("bootstrap_a"));
    assertThat(payload.encodedLength()).isEqualTo(103);
    BootstrapFrame built = new BootstrapFrame(A, new Watermark(C, 0), payload.toBytes());
    assertThat(FrameCodec.encode(built)).isEqualTo(bytes);

    BootstrapFrame decoded = (BootstrapFrame) FrameCodec.decode(ByteBuffer.wrap(bytes));
    assertThat(decoded).isEqualTo(built);
    assertThat(decoded.destinationKey()).isEqualTo(A);
    assertThat(decoded.watermark()).isEqualTo(new Watermark(C, 0));
    SignedRootPayload parsed = SignedRootPayload.decode(decoded.payload());
    assertThat(parsed).isEqualTo(payload);
    assertThat(parsed.sequence()).isEqualTo(SEQ_1700000000000);
    assertThat(parsed.root()).isEqualTo(ROOT_C_1);
    // Verified against the frame's destinationKey: the bootstrapper.
    assertThat(parsed.verify(decoded.destinationKey(), Ed25519.VERIFIER)).isTrue();
    assertThat(parsed.verify(B, Ed25519.VERIFIER)).isFalse();
  }

  @Test
  void wakeupBroadcastFromB() throws WireException {
    byte[] bytes = hex("broadcast_b.frame.hex");
    SignedRootPayload payload = SignedRootPayload.sign(SEQ_1700000000000, ROOT_C_1, SIGNER_B);
    assertThat(payload.signature()).isEqualTo(signature("broadcast_b"));
    WakeupBroadcastFrame built =
        new WakeupBroadcastFrame(WakeupBroadcastFrame.HOP_LIMIT_ORIGIN, B, payload);
    assertThat(FrameCodec.encode(built)).isEqualTo(bytes);

    WakeupBroadcastFrame decoded = (WakeupBroadcastFrame) FrameCodec.decode(ByteBuffer.wrap(bytes));
    assertThat(decoded).isEqualTo(built);
    assertThat(decoded.hopLimit()).isEqualTo(5);
    assertThat(decoded.sourceKey()).isEqualTo(B);
    assertThat(decoded.payload().verify(decoded.sourceKey(), Ed25519.VERIFIER)).isTrue();
  }

  @Test
  void treeTrafficFromBToA() throws WireException {
    TrafficFrame built =
        new TrafficFrame(
            TrafficFrame.HOP_LIMIT_ORIGIN,
            Coordinates.of(1, 300),
            Coordinates.of(1),
            A,
            B,
            Watermark.NONE,
            hello());
    assertEncodesAndDecodes(built, hex("traffic_tree_b_to_a.frame.hex"));
    assertThat(built.isTreeRouted()).isTrue();
  }

  @Test
  void snekTrafficFromBToA() throws WireException {
    TrafficFrame built =
        new TrafficFrame(
            TrafficFrame.HOP_LIMIT_ORIGIN,
            Coordinates.ROOT,
            Coordinates.of(1),
            A,
            B,
            Watermark.NONE,
            hello());
    assertEncodesAndDecodes(built, hex("traffic_snek_b_to_a.frame.hex"));
    assertThat(built.isTreeRouted()).isFalse();
  }

  /** {@code types/frame_test.go} with K1 = A, K2 = B, K3 = C (any keys will do). */
  @Test
  void goFrameTestVectors() throws WireException {
    byte[] abcdefg = "ABCDEFG".getBytes(StandardCharsets.US_ASCII);
    assertEncodesAndDecodes(
        new TrafficFrame(
            0,
            Coordinates.of(1, 2, 3, 4, 5000),
            Coordinates.of(4, 3, 2, 1),
            A,
            B,
            Watermark.NONE,
            abcdefg),
        hex("frame_test_tree.frame.hex"));
    assertEncodesAndDecodes(
        new TrafficFrame(
            0, Coordinates.ROOT, Coordinates.of(4, 3, 2, 1), A, B, new Watermark(B, 0), abcdefg),
        hex("frame_test_snek.frame.hex"));
    assertEncodesAndDecodes(
        new BootstrapFrame(A, new Watermark(C, 100), new byte[] {9, 9, 9, 9, 9}),
        hex("frame_test_bootstrap.frame.hex"));
  }

  private static void assertEncodesAndDecodes(Frame frame, byte[] bytes) throws WireException {
    assertThat(FrameCodec.encode(frame)).isEqualTo(bytes);
    assertThat(FrameCodec.decode(ByteBuffer.wrap(bytes))).isEqualTo(frame);
  }

  private static SwitchAnnouncement decodeAnnouncement(byte[] frame) throws WireException {
    return ((TreeAnnouncementFrame) FrameCodec.decode(ByteBuffer.wrap(frame))).announcement();
  }

  private static byte[] hello() {
    return "hello".getBytes(StandardCharsets.US_ASCII);
  }
}
