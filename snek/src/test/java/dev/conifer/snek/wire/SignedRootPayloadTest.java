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

class SignedRootPayloadTest {
  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void signsVerifiesAndRoundTrips(long seed) {
    Gen.check(
        seed,
        gen -> {
          Signer signer = gen.signer();
          SignedRootPayload payload = gen.signedRootPayload(signer);
          assertThat(payload.verify(signer.publicKey(), Ed25519.VERIFIER)).isTrue();
          assertThat(payload.verify(gen.key(), Ed25519.VERIFIER)).isFalse();
          byte[] bytes = payload.toBytes();
          assertThat(bytes).hasSize(payload.encodedLength());
          SignedRootPayload decoded = SignedRootPayload.decode(bytes);
          assertThat(decoded).isEqualTo(payload).hasSameHashCodeAs(payload);
          assertThat(decoded.toBytes()).isEqualTo(bytes);
          assertThat(decoded.verify(signer.publicKey(), Ed25519.VERIFIER)).isTrue();

          byte[] mutated = bytes.clone();
          int at = gen.intBetween(0, bytes.length - 1);
          mutated[at] ^= (byte) (1 << gen.intBetween(0, 7));
          try {
            assertThat(
                    SignedRootPayload.decode(mutated).verify(signer.publicKey(), Ed25519.VERIFIER))
                .as("flip at %d", at)
                .isFalse();
          } catch (WireException expected) {
            // A flipped continuation bit breaks the framing instead.
          }
        });
  }

  @Test
  void rejectsTruncatedAndTrailingBytes() {
    byte[] bytes = new Gen(3).signedRootPayload(new Gen(4).signer()).toBytes();
    assertThatThrownBy(() -> SignedRootPayload.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.TRUNCATED));
    assertThatThrownBy(() -> SignedRootPayload.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.reason()).isEqualTo(WireError.TRAILING_BYTES));
  }

  @Test
  void refusesSignaturesThatAreNot64Bytes() {
    Root root = new Root(PublicKey.EMPTY, 1);
    assertThatThrownBy(() -> new SignedRootPayload(1, root, new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodeConsumesTheWholeBuffer() throws WireException {
    byte[] bytes = new Gen(5).signedRootPayload(new Gen(6).signer()).toBytes();
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    SignedRootPayload.decode(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
  }
}
