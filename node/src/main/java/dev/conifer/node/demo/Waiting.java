package dev.conifer.node.demo;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a state the nodes reach on their own (a link, convergence), polling the same read-only
 * commands a person would run, until a deadline. Returns the last reason it was not there yet.
 */
final class Waiting {
  private static final long POLL_MILLIS = 300;

  private Waiting() {}

  /**
   * Polls {@code notYet}, which returns null once the state is reached or else why not; returns
   * null on success or the last reason at the deadline.
   */
  static String until(Duration deadline, Supplier<String> notYet) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      String reason = notYet.get();
      if (reason == null) {
        return null;
      }
      if (System.nanoTime() > end) {
        return reason;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
