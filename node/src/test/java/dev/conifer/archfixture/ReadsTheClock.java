package dev.conifer.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Breaks the clock rule every way it knows; never run, only imported by ArchitectureRulesTest. */
public final class ReadsTheClock {
  long nanos() {
    return System.nanoTime();
  }

  long millis() {
    return System.currentTimeMillis();
  }

  Instant now() {
    return Instant.now();
  }

  Clock clock() {
    return Clock.systemUTC();
  }

  LongSupplier reference() {
    return System::nanoTime;
  }
}
