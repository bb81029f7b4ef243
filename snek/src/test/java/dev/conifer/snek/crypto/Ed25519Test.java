package dev.conifer.snek.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.Gen;
import dev.conifer.snek.wire.PublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ed25519Test {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void signaturesVerifyOnlyForTheirKeyAndMessage(long seed) {
    Gen.check(
        seed,
        gen -> {
          byte[] seedBytes = gen.bytes(32);
          Signer signer = Ed25519.signerFromSeed(seedBytes);
          assertThat(Ed25519.signerFromSeed(seedBytes).publicKey()).isEqualTo(signer.publicKey());
          byte[] message = gen.payload(300);
          byte[] signature = signer.sign(message);
          assertThat(signature).hasSize(Signer.SIGNATURE_LENGTH);
          // Deterministic (RFC 8032): the same key and message give the same signature.
          assertThat(signer.sign(message)).isEqualTo(signature);
          assertThat(Ed25519.VERIFIER.verify(signer.publicKey(), message, signature)).isTrue();
          assertThat(Ed25519.VERIFIER.verify(gen.signer().publicKey(), message, signature))
              .isFalse();
          if (message.length > 0) {
            byte[] changed = message.clone();
            changed[gen.intBetween(0, changed.length - 1)] ^= 1;
            assertThat(Ed25519.VERIFIER.verify(signer.publicKey(), changed, signature)).isFalse();
            // Offset and length select the signed range within a larger array.
            byte[] framed = new byte[message.length + 7];
            System.arraycopy(message, 0, framed, 3, message.length);
            assertThat(
                    Ed25519.VERIFIER.verify(
                        signer.publicKey(), framed, 3, message.length, signature))
                .isTrue();
            assertThat(signer.sign(framed, 3, message.length)).isEqualTo(signature);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void garbageKeysAndSignaturesAreRejectedNotThrown(long seed) {
    Gen.check(
        seed,
        gen -> {
          PublicKey key = gen.key(); // usually not a valid curve point
          byte[] message = gen.payload(50);
          assertThat(Ed25519.VERIFIER.verify(key, message, gen.bytes(64))).isFalse();
          assertThat(Ed25519.VERIFIER.verify(key, message, gen.bytes(gen.intBetween(0, 63))))
              .isFalse();
          assertThat(Ed25519.VERIFIER.verify(key, message, gen.bytes(65))).isFalse();
        });
  }

  @Test
  void rejectsSeedsOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519.signerFromSeed(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesTheSeed() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 1);
    Signer signer = Ed25519.signerFromSeed(seed);
    byte[] before = signer.sign(new byte[] {1});
    seed[0] = 9;
    assertThat(signer.sign(new byte[] {1})).isEqualTo(before);
  }
}
