package dev.conifer.transfer.replicate;

/**
 * How much a node trusts another key, in decreasing order of protection. Replicas are evicted from
 * the lowest tier first; sovereign (my own devices) replicas are never evicted by the policy.
 */
public enum Tier {
  /** My own devices: replicate everything they pin. */
  SOVEREIGN,
  /** Family: what they pin, up to a quota. */
  RECIPROCAL,
  /** Keys I have chosen to support, up to a quota. */
  INVESTED,
  /** Spare capacity for anyone, up to a shared quota. */
  GIFT;

  /** A lower rank is evicted later. */
  public int evictionRank() {
    return GIFT.ordinal() - ordinal();
  }
}
