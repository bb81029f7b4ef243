package dev.conifer.simulator.archfixture;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Breaks each rule of SimulatorArchitectureTest once, so the test can prove the rules bite. */
@SuppressWarnings("unused")
final class BreaksEveryRule {
  long clocks() {
    return System.nanoTime() + System.currentTimeMillis() + Instant.now().toEpochMilli();
  }

  int randomness() {
    return new Random(1).nextInt() + ThreadLocalRandom.current().nextInt();
  }

  void threads() {
    new Thread(() -> {}).start();
  }

  /** Netty itself is kept off the classpath by the enforcer's bannedDependencies. */
  boolean threadedRouter(dev.conifer.router.Router router) {
    return router.send(null, null);
  }
}
