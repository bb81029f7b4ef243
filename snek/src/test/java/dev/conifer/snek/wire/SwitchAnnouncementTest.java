package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SwitchAnnouncementTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void signedChainVerifiesAndRoundTrips(long seed) {
    Gen.check(
        seed,
        gen -> {
          int depth = gen.intBetween(1, 8);
          Signer[] signers = new Signer[depth];
          for (int i = 0; i < depth; i++) {
            signers[i] = gen.signer();
          }
          SwitchAnnouncement announcement = gen.announcement(signers, gen.varU64());
          assertThat(announcement.verify(Ed25519.VERIFIER)).isTrue();
          assertThat(announcement.entries()).hasSize(depth);
          assertThat(announcement.root().key()).isEqualTo(signers[0].publicKey());
          long[] hops = new long[depth];
          for (int i = 0; i < depth; i++) {
            SwitchAnnouncement.Entry entry = announcement.entries().get(i);
            assertThat(entry.key()).isEqualTo(signers[i].publicKey());
            assertThat(announcement.contains(signers[i].publicKey())).isTrue();
            hops[i] = entry.hop();
          }
          assertThat(announcement.contains(gen.key())).isFalse();
          assertThat(announcement.receiverCoordinates()).isEqualTo(Coordinates.of(hops));
          assertThat(announcement.senderCoordinates())
              .isEqualTo(Coordinates.of(java.util.Arrays.copyOf(hops, depth - 1)));

          byte[] bytes = announcement.toBytes();
          assertThat(bytes).hasSize(announcement.encodedLength());
          SwitchAnnouncement decoded = SwitchAnnouncement.decode(ByteBuffer.wrap(bytes));
          assertThat(decoded).isEqualTo(announcement).hasSameHashCodeAs(announcement);
          assertThat(decoded.entries()).isEqualTo(announcement.entries());
          assertThat(decoded.root()).isEqualTo(announcement.root());
          assertThat(decoded.toBytes()).isEqualTo(bytes);
          assertThat(decoded.verify(Ed25519.VERIFIER)).isTrue();
          ByteBuffer out = ByteBuffer.allocate(bytes.length);
          decoded.put(out);
          assertThat(out.array()).isEqualTo(bytes);

          // Re-signing the decoded chain extends it exactly as the original would.
          Signer next = gen.signer();
          long port = gen.port();
          assertThat(decoded.signedFor(port, next).toBytes())
              .isEqualTo(announcement.signedFor(port, next).toBytes());
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void anyCoveredMutationFailsDecodeOrVerify(long seed) {
    Gen.check(
        seed,
        gen -> {
          SwitchAnnouncement announcement = gen.announcement(gen.intBetween(1, 5));
          byte[] bytes = announcement.toBytes();
          // The last entry's hop is covered by no signature (PROTOCOL.md §5.2): skip it.
          int lastEntry = bytes.length - SwitchAnnouncement.ENTRY_LENGTH_MIN;
          int lastHopLength = VarU64.encodedLength(last(announcement).hop());
          int lastHopStart = lastEntry - (lastHopLength - 1);
          for (int i = 0; i < 30; i++) {
            int at = gen.intBetween(0, bytes.length - 1);
            if (at >= lastHopStart && at < lastHopStart + lastHopLength) {
              continue;
            }
            byte[] mutated = bytes.clone();
            mutated[at] ^= (byte) (1 << gen.intBetween(0, 7));
            try {
              SwitchAnnouncement decoded = SwitchAnnouncement.decode(ByteBuffer.wrap(mutated));
              assertThat(decoded.verify(Ed25519.VERIFIER)).as("flip at %d", at).isFalse();
            } catch (WireException expected) {
              // A flipped continuation bit may break the framing instead.
            }
          }
        });
  }

  @Test
  void rootOnlyHasNoEntriesAndRootCoordinates() {
    Root root = new Root(PublicKey.FULL_MASK, 7);
    SwitchAnnouncement announcement = SwitchAnnouncement.rootOnly(root);
    assertThat(announcement.entries()).isEmpty();
    assertThat(announcement.receiverCoordinates()).isEqualTo(Coordinates.ROOT);
    assertThat(announcement.senderCoordinates()).isEqualTo(Coordinates.ROOT);
    assertThat(announcement.encodedLength()).isEqualTo(33);
    assertThat(announcement.verify(Ed25519.VERIFIER)).isTrue();
  }

  @Test
  void rejectsPartialEntry() {
    Gen gen = new Gen(1);
    byte[] bytes = gen.announcement(2).toBytes();
    for (int cut = 1; cut < SwitchAnnouncement.ENTRY_LENGTH_MIN; cut += 7) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - cut);
      assertThatThrownBy(() -> SwitchAnnouncement.decode(ByteBuffer.wrap(truncated)))
          .isInstanceOf(WireException.class);
    }
  }

  @Test
  void swappingSignersBreaksVerification() throws WireException {
    Gen gen = new Gen(2);
    SwitchAnnouncement a = gen.announcement(3);
    byte[] bytes = a.toBytes();
    // Replace the root entry's signature with one over different bytes.
    Signer root = gen.signer();
    byte[] otherSignature = root.sign(new byte[] {1, 2, 3});
    int sigOffset = a.root().encodedLength() + VarU64.encodedLength(a.entries().get(0).hop()) + 32;
    System.arraycopy(otherSignature, 0, bytes, sigOffset, 64);
    assertThat(SwitchAnnouncement.decode(wrap(bytes)).verify(Ed25519.VERIFIER)).isFalse();
  }

  private static ByteBuffer wrap(byte[] bytes) {
    return ByteBuffer.wrap(bytes);
  }

  private static SwitchAnnouncement.Entry last(SwitchAnnouncement a) {
    return a.entries().get(a.entries().size() - 1);
  }
}
