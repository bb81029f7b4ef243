package dev.conifer.snek.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void decodesTheKeyOfAnyValidHandshake(long seed) {
    Gen.check(
        seed,
        gen -> {
          Signer signer = gen.signer();
          byte[] bytes = Handshake.encode(signer);
          assertThat(bytes).hasSize(Handshake.LENGTH);
          assertThat(bytes[0]).isEqualTo((byte) 1);
          assertThat(Arrays.copyOfRange(bytes, 1, 8)).containsExactly(0, 0, 0, 0, 0, 0, 0x3B);
          assertThat(Handshake.decode(bytes, Ed25519.VERIFIER)).isEqualTo(signer.publicKey());

          // Decodes at any buffer position and consumes exactly 104 bytes.
          ByteBuffer offset = ByteBuffer.allocate(Handshake.LENGTH + 3);
          offset.position(3);
          offset.put(bytes);
          offset.position(3);
          assertThat(Handshake.decode(offset, Ed25519.VERIFIER)).isEqualTo(signer.publicKey());
          assertThat(offset.hasRemaining()).isFalse();

          byte[] mutated = bytes.clone();
          int at = gen.intBetween(8, Handshake.LENGTH - 1);
          mutated[at] ^= (byte) (1 << gen.intBetween(0, 7));
          assertThatThrownBy(() -> Handshake.decode(mutated, Ed25519.VERIFIER))
              .isInstanceOfSatisfying(
                  WireException.class,
                  e -> assertThat(e.reason()).isEqualTo(WireError.BAD_SIGNATURE));
        });
  }

  @Test
  void rejectsWrongVersionCapabilitiesAndLength() {
    byte[] bytes = Handshake.encode(new Gen(1).signer());
    byte[] version = bytes.clone();
    version[0] = 2;
    assertRejects(version, WireError.UNKNOWN_HANDSHAKE_VERSION);
    byte[] extraCapability = bytes.clone();
    extraCapability[7] = 0x3F;
    assertRejects(extraCapability, WireError.CAPABILITIES_MISMATCH);
    byte[] missingCapability = bytes.clone();
    missingCapability[7] = 0x3A;
    assertRejects(missingCapability, WireError.CAPABILITIES_MISMATCH);
    assertRejects(Arrays.copyOf(bytes, 103), WireError.TRUNCATED);
    assertRejects(Arrays.copyOf(bytes, 105), WireError.TRAILING_BYTES);
    byte[] reserved = bytes.clone();
    reserved[2] = 1; // signed, so the signature now fails
    assertRejects(reserved, WireError.BAD_SIGNATURE);
  }

  private static void assertRejects(byte[] bytes, WireError reason) {
    assertThatThrownBy(() -> Handshake.decode(bytes, Ed25519.VERIFIER))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
