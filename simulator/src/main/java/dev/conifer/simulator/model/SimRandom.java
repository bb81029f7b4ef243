package dev.conifer.simulator.model;

/**
 * Seeded xoshiro256** generator, seeded through SplitMix64. The simulator's only source of
 * randomness: one seed reproduces a run exactly. Not thread-safe (the simulator has one thread).
 */
public final class SimRandom {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  public SimRandom(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  /** SplitMix64's finaliser: a good 64-bit mixing function. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An independent generator for one purpose, so adding draws in one place shifts no other. */
  public static SimRandom stream(long seed, String purpose) {
    long h = seed;
    for (int i = 0; i < purpose.length(); i++) {
      h = mix(h ^ purpose.charAt(i));
    }
    return new SimRandom(h);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long r = nextLong() >>> 33; // 31 random bits
    long m = r * bound;
    long l = m & 0x7FFFFFFFL;
    if (l < bound) {
      long threshold = (1L << 31) % bound;
      while (l < threshold) {
        r = nextLong() >>> 33;
        m = r * bound;
        l = m & 0x7FFFFFFFL;
      }
    }
    return (int) (m >>> 31);
  }

  /** Uniform in [0, bound) for long bounds. */
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long r;
    long v;
    do {
      r = nextLong() >>> 1;
      v = r % bound;
    } while (r - v + (bound - 1) < 0);
    return v;
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Exponentially distributed with the given mean. */
  public double nextExponential(double mean) {
    return -mean * Math.log(1.0 - nextDouble());
  }

  public void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i += 8) {
      long v = nextLong();
      for (int j = 0; j < 8 && i + j < out.length; j++) {
        out[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }
}
