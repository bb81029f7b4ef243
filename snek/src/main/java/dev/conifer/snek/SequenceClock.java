package dev.conifer.snek;

/**
 * Bootstrap and broadcast sequence numbers: Unix milliseconds, as Go sends, but derived from the
 * monotonic clock so that a wall clock stepping back cannot stall them (PROTOCOL.md §16), and
 * strictly increasing even within one millisecond.
 */
final class SequenceClock {
  private final long epochMsAtStart;
  private final long startNs;
  private long last;

  SequenceClock(long startNs, long epochMsAtStart) {
    this.startNs = startNs;
    this.epochMsAtStart = epochMsAtStart;
  }

  long next(long nowNs) {
    long candidate = epochMsAtStart + (nowNs - startNs) / 1_000_000L;
    last = Math.max(candidate, last + 1);
    return last;
  }
}
