package dev.conifer.archfixture;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Breaks the randomness rule; never run, only imported by ArchitectureRulesTest. */
public final class CreatesRandomness {
  Random secure() {
    return new SecureRandom();
  }

  Random unseeded() {
    return new Random();
  }

  int threadLocal() {
    return ThreadLocalRandom.current().nextInt();
  }

  double math() {
    return Math.random();
  }

  UUID uuid() {
    return UUID.randomUUID();
  }

  /** Allowed: the seed is input. */
  Random seeded(long seed) {
    return new Random(seed);
  }
}
