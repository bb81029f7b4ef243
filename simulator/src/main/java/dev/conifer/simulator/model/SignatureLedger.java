package dev.conifer.simulator.model;

import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulator-only verifier: every simulated node's signer records what it signed here, and a
 * signature found in the ledger is accepted without the curve arithmetic. That is exact, not an
 * approximation: a signature that key K's own signer produced over message M is valid for (K, M) by
 * construction. Anything not in the ledger goes to the real verifier, so a forged or corrupted
 * signature is still rejected. Entries are SHA-256 digests of (key, signature, message), bounded,
 * the oldest recorded leaving first: insertion order, because an access-ordered map rewrites its
 * links on every lookup, and lookups are what the ledger does most (signatures age out anyway, as
 * sequence numbers advance).
 */
public final class SignatureLedger implements Verifier {
  private final Verifier delegate;
  private final Map<Digest, Boolean> signed;
  private final MessageDigest sha256;
  private long hitCount;
  private long missCount;

  public SignatureLedger(Verifier delegate, int capacity) {
    this.delegate = delegate;
    this.signed =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Digest, Boolean> eldest) {
            return size() > capacity;
          }
        };
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  void record(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    signed.put(digest(key, message, offset, length, signature), Boolean.TRUE);
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    if (signed.get(digest(key, message, offset, length, signature)) != null) {
      hitCount++;
      return true;
    }
    missCount++;
    return delegate.verify(key, message, offset, length, signature);
  }

  private Digest digest(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    sha256.update(key.toBytes());
    sha256.update(signature);
    sha256.update(message, offset, length);
    return new Digest(sha256.digest());
  }

  private record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
      // A SHA-256 prefix is already uniform; mask every byte so none sign-extends.
      return (bytes[0] & 0xFF) << 24
          | (bytes[1] & 0xFF) << 16
          | (bytes[2] & 0xFF) << 8
          | (bytes[3] & 0xFF);
    }
  }

  @Override
  public boolean remembersVerified() {
    return true;
  }

  /** Verifications answered from the ledger. */
  public long hitCount() {
    return hitCount;
  }

  /** Verifications passed to the real verifier. */
  public long missCount() {
    return missCount;
  }
}
