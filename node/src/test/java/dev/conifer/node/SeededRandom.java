package dev.conifer.node;

import java.security.SecureRandom;
import java.util.Random;

/**
 * A SecureRandom that replays a seed, so a failing test can be rerun exactly. SecureRandom derives
 * nextInt/nextLong from nextBytes, so overriding nextBytes covers them all.
 */
public final class SeededRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final Random random;

  public SeededRandom(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    random.nextBytes(bytes);
  }
}
