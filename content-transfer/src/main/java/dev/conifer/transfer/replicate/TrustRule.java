package dev.conifer.transfer.replicate;

import dev.conifer.snek.wire.PublicKey;

/**
 * One line of the replication policy: pins announced by {@code key} are replicated in {@code tier}
 * up to {@code quotaLength} bytes (ignored for SOVEREIGN). The GIFT rule has no key: it is the
 * shared quota for everyone else.
 */
public record TrustRule(PublicKey key, Tier tier, long quotaLength) {
  public TrustRule {
    if ((key == null) != (tier == Tier.GIFT)) {
      throw new IllegalArgumentException("exactly the GIFT rule has no key");
    }
    if (quotaLength < 0) {
      throw new IllegalArgumentException("negative quota");
    }
  }

  public static TrustRule gift(long quotaLength) {
    return new TrustRule(null, Tier.GIFT, quotaLength);
  }
}
