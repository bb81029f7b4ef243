package dev.conifer.router.spi;

/** Monotonic time source; only the node module reads the real clock. */
@FunctionalInterface
public interface NanoClock {
  long nanoTime();
}
