package dev.conifer.conformance.archfixture;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Breaks every core rule once, so the architecture test can prove its rules are not vacuous. */
public final class BadCore {
  private BadCore() {}

  static long clock() {
    return System.nanoTime() + System.currentTimeMillis() + Instant.now().getNano();
  }

  static int random() {
    return new Random(1).nextInt() + ThreadLocalRandom.current().nextInt();
  }

  static void thread() throws InterruptedException {
    Thread.sleep(0);
    new Thread(() -> {}).start();
  }

  static int nettyAndLogging() {
    org.slf4j.LoggerFactory.getLogger(BadCore.class).info("logs");
    return io.netty.buffer.Unpooled.EMPTY_BUFFER.capacity();
  }
}
