package dev.conifer.transport;

/**
 * Static peer redial delays (PROTOCOL.md §11): min(base × 2^attempts, max), scaled by a jitter
 * factor in [1 - jitter, 1 + jitter] so that peers who lost the same node do not redial in step,
 * and capped at max again. Pure: the caller supplies the random number.
 */
final class RedialBackoff {
  private final long baseNs;
  private final long maxNs;
  private final double jitter;

  RedialBackoff(long baseNs, long maxNs, double jitter) {
    this.baseNs = baseNs;
    this.maxNs = maxNs;
    this.jitter = jitter;
  }

  /**
   * @param attempts failed dials since the last success (0 after a disconnect)
   * @param random01 a uniform random number in [0, 1)
   */
  long delayNs(int attempts, double random01) {
    long exponential =
        attempts >= Long.SIZE - 2 || baseNs > (maxNs >> attempts) ? maxNs : baseNs << attempts;
    double factor = 1 + jitter * (2 * random01 - 1);
    long jittered = (long) (exponential * factor);
    return Math.max(1, Math.min(jittered, maxNs));
  }
}
