package dev.conifer.snek;

/** A tiny seeded PRNG (SplitMix64): the core's only source of randomness, fed a seed. */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound), or 0 when bound is 0. */
  long nextLong(long bound) {
    return bound <= 0 ? 0 : Math.floorMod(nextLong(), bound);
  }
}
