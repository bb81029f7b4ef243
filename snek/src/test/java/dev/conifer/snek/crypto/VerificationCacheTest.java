package dev.conifer.snek.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.wire.Gen;
import dev.conifer.snek.wire.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationCacheTest {
  /** Accepts exactly the triples it was told about, and counts calls. */
  private static final class FakeVerifier implements Verifier {
    final Set<String> valid = new HashSet<>();
    int callCount;

    void accept(PublicKey key, byte[] message, byte[] signature) {
      valid.add(id(key, message, 0, message.length, signature));
    }

    @Override
    public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] sig) {
      callCount++;
      return valid.contains(id(key, message, offset, length, sig));
    }

    private static String id(PublicKey key, byte[] message, int offset, int length, byte[] sig) {
      return key.toHex()
          + "/"
          + Arrays.toString(Arrays.copyOfRange(message, offset, offset + length))
          + "/"
          + Arrays.toString(sig);
    }
  }

  private record Triple(PublicKey key, byte[] message, byte[] signature) {}

  @Test
  void aCacheSaysItRemembersSoANodeAddsNoSecondCacheInFrontOfIt() {
    assertThat(Ed25519.VERIFIER.remembersVerified()).isFalse();
    assertThat(new FakeVerifier().remembersVerified()).isFalse();
    assertThat(new VerificationCache(new FakeVerifier(), 4).remembersVerified()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("dev.conifer.snek.wire.Gen#seeds")
  void neverAcceptsWhatTheDelegateRejects(long seed) {
    Gen.check(
        seed,
        gen -> {
          FakeVerifier delegate = new FakeVerifier();
          VerificationCache cache = new VerificationCache(delegate, gen.intBetween(1, 20));
          List<Triple> triples = new ArrayList<>();
          for (int i = 0; i < 30; i++) {
            Triple t = new Triple(gen.key(), gen.payload(40), gen.bytes(64));
            if (gen.nextBoolean()) {
              delegate.accept(t.key, t.message, t.signature);
            }
            triples.add(t);
            // Near misses of an earlier triple: same key and message, one signature bit off.
            Triple earlier = triples.get(gen.intBetween(0, triples.size() - 1));
            byte[] sig = earlier.signature.clone();
            sig[gen.intBetween(0, 63)] ^= 1;
            triples.add(new Triple(earlier.key, earlier.message, sig));
          }
          for (int round = 0; round < 200; round++) {
            Triple t = triples.get(gen.intBetween(0, triples.size() - 1));
            boolean expected =
                delegate.valid.contains(
                    FakeVerifier.id(t.key, t.message, 0, t.message.length, t.signature));
            assertThat(cache.verify(t.key, t.message, t.signature)).isEqualTo(expected);
            assertThat(cache.size()).isLessThanOrEqualTo(20);
          }
          assertThat(cache.hitCount() + cache.missCount()).isEqualTo(200);
          assertThat(delegate.callCount).isEqualTo((int) cache.missCount());
        });
  }

  @Test
  void repeatsAreHitsAndSkipTheDelegate() {
    Gen gen = new Gen(1);
    Signer signer = gen.signer();
    byte[] message = gen.payload(100);
    byte[] signature = signer.sign(message);
    FakeVerifier delegate = new FakeVerifier();
    delegate.accept(signer.publicKey(), message, signature);
    VerificationCache cache = new VerificationCache(delegate, 4);
    for (int i = 0; i < 5; i++) {
      assertThat(cache.verify(signer.publicKey(), message, signature)).isTrue();
    }
    assertThat(cache.missCount()).isEqualTo(1);
    assertThat(cache.hitCount()).isEqualTo(4);
    assertThat(delegate.callCount).isEqualTo(1);
  }

  @Test
  void rejectionsAreNotCached() {
    FakeVerifier delegate = new FakeVerifier();
    VerificationCache cache = new VerificationCache(delegate, 4);
    PublicKey key = new Gen(2).key();
    for (int i = 0; i < 3; i++) {
      assertThat(cache.verify(key, new byte[] {1}, new byte[64])).isFalse();
    }
    assertThat(cache.size()).isZero();
    assertThat(delegate.callCount).isEqualTo(3);
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondCapacity() {
    Gen gen = new Gen(3);
    FakeVerifier delegate = new FakeVerifier();
    VerificationCache cache = new VerificationCache(delegate, 2);
    Triple[] t = new Triple[3];
    for (int i = 0; i < 3; i++) {
      t[i] = new Triple(gen.key(), gen.payload(10), gen.bytes(64));
      delegate.accept(t[i].key, t[i].message, t[i].signature);
    }
    cache.verify(t[0].key, t[0].message, t[0].signature);
    cache.verify(t[1].key, t[1].message, t[1].signature);
    cache.verify(t[0].key, t[0].message, t[0].signature); // t[0] is now most recent
    cache.verify(t[2].key, t[2].message, t[2].signature); // evicts t[1]
    assertThat(cache.size()).isEqualTo(2);
    int calls = delegate.callCount;
    cache.verify(t[0].key, t[0].message, t[0].signature);
    assertThat(delegate.callCount).isEqualTo(calls);
    cache.verify(t[1].key, t[1].message, t[1].signature);
    assertThat(delegate.callCount).isEqualTo(calls + 1);
  }

  @Test
  void shortSignatureCannotBorrowACachedTriple() {
    // key || sig || message hashes alike for (sig, m) and (sig minus its last byte, that byte
    // + m); only the fixed signature length keeps them apart.
    Gen gen = new Gen(4);
    Signer signer = gen.signer();
    byte[] message = gen.payload(20);
    byte[] signature = signer.sign(message);
    VerificationCache cache = new VerificationCache(Ed25519.VERIFIER, 8);
    assertThat(cache.verify(signer.publicKey(), message, signature)).isTrue();
    byte[] shortSignature = Arrays.copyOf(signature, 63);
    byte[] longMessage = new byte[message.length + 1];
    longMessage[0] = signature[63];
    System.arraycopy(message, 0, longMessage, 1, message.length);
    assertThat(cache.verify(signer.publicKey(), longMessage, shortSignature)).isFalse();
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new VerificationCache(Ed25519.VERIFIER, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
