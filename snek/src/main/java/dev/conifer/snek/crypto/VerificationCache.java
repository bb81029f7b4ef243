package dev.conifer.snek.crypto;

import dev.conifer.snek.wire.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Verifier} that remembers signatures it has already accepted. Announcements from many
 * peers share their chain prefixes, so each prefix signature is checked once, not once per peer.
 *
 * <p>The cache key is SHA-256 over (key, signature, message): a hit proves this exact triple was
 * verified before, so the cache can never accept anything the underlying verifier would not. Only
 * successes are cached, bounded by an LRU of {@code capacity} entries. Single-threaded, like the
 * router that owns it.
 */
public final class VerificationCache implements Verifier {
  private final Verifier delegate;
  private final Map<Digest, Boolean> accepted;
  private final MessageDigest sha256;
  private long hitCount;
  private long missCount;

  public VerificationCache(Verifier delegate, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.delegate = delegate;
    this.accepted =
        new LinkedHashMap<>(16, 0.75f, true) {
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

  @Override
  public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    if (signature.length != Signer.SIGNATURE_LENGTH) {
      // key || signature || message is only unambiguous with a fixed-length signature: a shorter
      // one could hash like a cached triple whose message starts with the missing bytes.
      return delegate.verify(key, message, offset, length, signature);
    }
    sha256.update(key.toBytes());
    sha256.update(signature);
    sha256.update(message, offset, length);
    Digest digest = new Digest(sha256.digest());
    if (accepted.get(digest) != null) {
      hitCount++;
      return true;
    }
    missCount++;
    boolean ok = delegate.verify(key, message, offset, length, signature);
    if (ok) {
      accepted.put(digest, Boolean.TRUE);
    }
    return ok;
  }

  @Override
  public boolean remembersVerified() {
    return true;
  }

  public long hitCount() {
    return hitCount;
  }

  public long missCount() {
    return missCount;
  }

  public int size() {
    return accepted.size();
  }

  private record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return (bytes[0] & 0xFF) << 24
          | (bytes[1] & 0xFF) << 16
          | (bytes[2] & 0xFF) << 8
          | (bytes[3] & 0xFF);
    }
  }
}
