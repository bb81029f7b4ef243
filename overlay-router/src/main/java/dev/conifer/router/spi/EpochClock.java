package dev.conifer.router.spi;

/** Wall-clock Unix milliseconds (for SNEK sequence numbers). */
@FunctionalInterface
public interface EpochClock {
  long epochMs();
}
