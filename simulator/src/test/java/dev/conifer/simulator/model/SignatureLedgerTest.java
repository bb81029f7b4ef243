package dev.conifer.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureLedgerTest {
  private static final byte[] MESSAGE = "announcement".getBytes(StandardCharsets.UTF_8);

  @Test
  void recordedSignaturesAreAnsweredWithoutTheCurveAndOthersStillGoToIt() {
    SignatureLedger ledger = new SignatureLedger(Ed25519.VERIFIER, 2);
    Signer signer = new MemoizingSigner(Ed25519.signerFromSeed(new byte[32]), ledger);
    byte[] signature = signer.sign(MESSAGE, 0, MESSAGE.length);
    assertThat(ledger.verify(signer.publicKey(), MESSAGE, signature)).isTrue();
    assertThat(ledger.hitCount()).isEqualTo(1);

    byte[] forged = signature.clone();
    forged[5] ^= 1;
    assertThat(ledger.verify(signer.publicKey(), MESSAGE, forged)).isFalse();
    assertThat(ledger.missCount()).isEqualTo(1);
    assertThat(ledger.remembersVerified()).as("nodes put no cache of their own in front").isTrue();
  }

  @Test
  void theOldestRecordLeavesFirstWhateverWasLookedUp() {
    SignatureLedger ledger = new SignatureLedger(Ed25519.VERIFIER, 2);
    Signer signer = Ed25519.signerFromSeed(new byte[32]);
    byte[][] messages = {{1}, {2}, {3}};
    byte[][] signatures = new byte[3][];
    for (int i = 0; i < 3; i++) {
      signatures[i] = signer.sign(messages[i], 0, 1);
      ledger.record(signer.publicKey(), messages[i], 0, 1, signatures[i]);
      if (i == 1) {
        assertThat(ledger.verify(signer.publicKey(), messages[0], signatures[0])).isTrue();
      }
    }
    ledger.verify(signer.publicKey(), messages[0], signatures[0]); // valid, but evicted: a miss
    assertThat(ledger.missCount()).isEqualTo(1);
    ledger.verify(signer.publicKey(), messages[2], signatures[2]);
    assertThat(ledger.hitCount()).isEqualTo(2);
  }
}
