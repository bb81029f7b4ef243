package dev.conifer.snek.testing;

/** SplitMix64 for tests and harnesses: seeded, fast, and the same on every JVM. */
public final class SeededRandom {
  private long state;

  public SeededRandom(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound). */
  public long nextLong(long bound) {
    return Math.floorMod(nextLong(), bound);
  }

  public int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  public boolean nextBoolean() {
    return (nextLong() & 1) != 0;
  }
}
