package dev.conifer.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelSignaturesTest {
  private static final byte[] MESSAGE = "announcement".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureChecksOutForItsKeyAndMessageOnly() {
    ModelSignatures model = new ModelSignatures();
    PublicKey key = Ed25519.signerFromSeed(new byte[32]).publicKey();
    byte[] otherSeed = new byte[32];
    otherSeed[0] = 1;
    PublicKey other = Ed25519.signerFromSeed(otherSeed).publicKey();
    Signer signer = model.signer(key);
    byte[] signature = signer.sign(MESSAGE, 0, MESSAGE.length);

    assertThat(signature).hasSize(Signer.SIGNATURE_LENGTH);
    assertThat(signer.sign(MESSAGE)).as("deterministic, as Ed25519 is").isEqualTo(signature);
    assertThat(model.verify(key, MESSAGE, signature)).isTrue();
    assertThat(model.verify(other, MESSAGE, signature)).as("another key").isFalse();
    byte[] changed = MESSAGE.clone();
    changed[0] ^= 1;
    assertThat(model.verify(key, changed, signature)).as("another message").isFalse();
    byte[] forged = signature.clone();
    forged[5] ^= 1;
    assertThat(model.verify(key, MESSAGE, forged)).as("a changed signature").isFalse();
    assertThat(model.verify(key, MESSAGE, new byte[3])).as("a short signature").isFalse();
    assertThat(model.acceptedCount()).isEqualTo(1);
    assertThat(model.rejectedCount()).isEqualTo(4);
  }

  @Test
  void aRealEd25519SignatureIsNotAModelOne() {
    ModelSignatures model = new ModelSignatures();
    Signer real = Ed25519.signerFromSeed(new byte[32]);
    assertThat(model.verify(real.publicKey(), MESSAGE, real.sign(MESSAGE))).isFalse();
  }

  @Test
  void aMessageSliceIsSignedAsTheSameBytesAlone() {
    ModelSignatures model = new ModelSignatures();
    PublicKey key = Ed25519.signerFromSeed(new byte[32]).publicKey();
    byte[] framed = new byte[MESSAGE.length + 4];
    System.arraycopy(MESSAGE, 0, framed, 2, MESSAGE.length);
    byte[] signature = model.signer(key).sign(framed, 2, MESSAGE.length);
    assertThat(model.verify(key, MESSAGE, signature)).isTrue();
  }
}
